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

    /// <summary>
    /// Finds the next maximal run of letters and digits at or after <paramref name="position"/>, the one definition
    /// of a word shared by <see cref="Words"/> and the subscription index's word lookup.
    /// </summary>
    internal static bool NextWord(string text, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        start = i;
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        length = i - start;
        position = i;
        return length > 0;
    }

    private static HashSet<string> SplitWords(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var position = 0;
        while (NextWord(text, ref position, out var start, out var length))
        {
            set.Add(text.Substring(start, length));
        }

        return set;
    }
}
