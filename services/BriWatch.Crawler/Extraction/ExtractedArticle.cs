namespace BriWatch.Crawler.Extraction;

/// <summary>The main content and metadata of one article page.</summary>
/// <param name="Text">Plain text, paragraphs separated by a blank line; empty when nothing was found.</param>
/// <param name="Published">Publication time in UTC.</param>
/// <param name="Language">BCP 47 tag such as "en-US" or "zh-CN".</param>
/// <param name="Method">Where the text came from: see <see cref="ExtractionMethods"/>.</param>
public sealed record ExtractedArticle(
    string? Title,
    string Text,
    string? Author,
    DateTimeOffset? Published,
    string? Language,
    Uri? CanonicalUrl,
    string Method)
{
    public bool HasText => Text.Length > 0;

    /// <summary>Why the page was not analysed at all (e.g. pathologically deep markup); null when it was.</summary>
    public string? Refusal { get; init; }
}
