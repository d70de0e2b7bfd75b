namespace BriWatch.Crawler.Extraction;

/// <summary>The fields of a schema.org Article found in a page's JSON-LD; raw strings, not yet validated.</summary>
internal sealed record JsonLdArticle(
    string? Headline,
    string? Body,
    string? Author,
    string? DatePublished,
    string? Language,
    string? Url);
