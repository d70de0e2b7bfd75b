using BriWatch.Contracts;

namespace BriWatch.Matching;

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

    /// <summary>The distinct words of <see cref="Text"/>, built on first use, so a term shared by many queries costs one lookup each.</summary>
    public IReadOnlySet<string> Words => words ??= SplitWords(Text);

    private HashSet<string>? words;

    private static HashSet<string> SplitWords(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                set.Add(text[start..i]);
                start = -1;
            }
        }

        return set;
    }
}
