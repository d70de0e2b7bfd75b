using BriWatch.Contracts;

namespace BriWatch.Alerting.Matching;

/// <summary>What a subscription query can look at: the classified article plus facts read from the store on demand.</summary>
public sealed class MatchDocument
{
    public MatchDocument(ArticleClassified article, bool? official = null, double? amountUsd = null, string? stage = null)
    {
        Article = article;
        Official = official;
        AmountUsd = amountUsd;
        Stage = stage;
        Text = (article.Title + "\n" + article.Summary).ToLowerInvariant();
    }

    public ArticleClassified Article { get; }

    /// <summary>Whether the source is a government or multilateral body; null when unknown.</summary>
    public bool? Official { get; }

    public double? AmountUsd { get; }

    public string? Stage { get; }

    /// <summary>Title and summary, lower-cased once for free-text terms.</summary>
    public string Text { get; }
}
