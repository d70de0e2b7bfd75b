namespace BriWatch.Crawler.Extraction;

/// <summary>Values of <see cref="ExtractedArticle.Method"/>.</summary>
public static class ExtractionMethods
{
    /// <summary>Text is the schema.org articleBody of a JSON-LD Article.</summary>
    public const string JsonLd = "json-ld";

    /// <summary>Text was found by the readability algorithm (SmartReader).</summary>
    public const string Readability = "readability";

    /// <summary>SmartReader found only a fragment; text is the page's paragraphs outside navigation and other furniture.</summary>
    public const string Paragraphs = "paragraphs";

    /// <summary>No article body was found; text is the page's description meta tag.</summary>
    public const string MetaOnly = "meta-only";

    /// <summary>Nothing usable was found.</summary>
    public const string None = "none";
}
