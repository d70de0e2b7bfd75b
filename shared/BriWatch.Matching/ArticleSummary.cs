namespace BriWatch.Matching;

/// <summary>
/// The summary an <c>ArticleClassified</c> carries: the classifier writes it, free-text query terms search it with the
/// title, and alerts show it. One rule, so a preview over stored articles matches and shows what live alerting would.
/// </summary>
public static class ArticleSummary
{
    public const int MaxLength = 300;

    /// <summary>The start of the text, cut at a word boundary when there is one near the limit.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length <= MaxLength)
        {
            return trimmed;
        }

        var cut = trimmed.LastIndexOf(' ', MaxLength);
        return string.Concat(trimmed.AsSpan(0, cut > MaxLength / 2 ? cut : MaxLength).TrimEnd(), "…");
    }
}
