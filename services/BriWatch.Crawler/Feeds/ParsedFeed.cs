namespace BriWatch.Crawler.Feeds;

/// <summary>What a feed document said, normalised across RSS, RDF, Atom and JSON Feed.</summary>
/// <param name="Format">e.g. <c>rss20</c>, <c>rss10</c>, <c>atom10</c>, <c>jsonfeed11</c>.</param>
/// <param name="Encoding">The character encoding the document was decoded with (web name, lower case).</param>
/// <param name="WellFormed">False when the parser had to recover from a syntax error; <see cref="Error"/> says where.</param>
public sealed record ParsedFeed(
    string Format,
    string Encoding,
    bool WellFormed,
    string? Error,
    FeedInfo Feed,
    IReadOnlyList<FeedItem> Items);

public sealed record FeedInfo
{
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Subtitle { get; init; }
    public string? Language { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Author { get; init; }

    /// <summary>How often the publisher says to refresh (RSS <c>ttl</c>, <c>sy:updatePeriod</c>/<c>sy:updateFrequency</c>), if it says.</summary>
    public TimeSpan? RefreshHint { get; init; }
}

/// <summary>One entry. Title, summary and content are sanitised HTML when the feed marks or shapes them as HTML, else plain text.</summary>
public sealed record FeedItem
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Summary { get; init; }
    public string? Content { get; init; }
    public string? Author { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<FeedEnclosure> Enclosures { get; init; } = [];
}

public sealed record FeedEnclosure(string Url, string? Type, long? Length);
