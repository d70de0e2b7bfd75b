namespace BriWatch.Crawler.Fetching;

/// <summary>The outcome of a successful fetch: a body, or "not modified" for a conditional GET answered 304.</summary>
/// <param name="Url">The URL the body came from, after redirects.</param>
/// <param name="ETag">Validator to send next time (the previous one is kept on 304).</param>
/// <param name="LastModified">Validator to send next time (the previous one is kept on 304).</param>
/// <param name="MaxAge">Freshness the server granted (Cache-Control max-age or Expires), if any.</param>
public sealed record FetchedDocument(
    Uri Url,
    bool NotModified,
    byte[] Body,
    string? ContentType,
    string? ETag,
    string? LastModified,
    TimeSpan? MaxAge)
{
    /// <summary>The response's HTTP <c>Link</c> header values, where WebSub hubs may be advertised.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
}
