namespace BriWatch.Crawler.Extraction;

/// <summary>Article metadata from a page's meta and link tags; raw strings, not yet validated.</summary>
internal sealed record PageMetadata(
    string? Title,
    string? Author,
    string? Published,
    string? Language,
    string? Canonical,
    string? Description);
