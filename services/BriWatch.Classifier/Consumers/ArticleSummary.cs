namespace BriWatch.Classifier.Consumers;

internal static class ArticleSummary
{
    public const int MaxLength = 300;

    /// <summary>The start of the text, cut at a word boundary when there is one near the limit.</summary>
    public static string Of(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= MaxLength)
        {
            return trimmed;
        }

        var cut = trimmed.LastIndexOf(' ', MaxLength);
        return string.Concat(trimmed.AsSpan(0, cut > MaxLength / 2 ? cut : MaxLength).TrimEnd(), "…");
    }
}
