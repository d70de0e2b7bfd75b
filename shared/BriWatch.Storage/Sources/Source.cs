namespace BriWatch.Storage.Sources;

/// <summary>A feed or announcement page BriWatch polls, with its crawl state.</summary>
public sealed record Source
{
    /// <summary>Slug chosen by the operator, e.g. <c>xinhua-en</c>.</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Url { get; init; }
    public SourceKind Kind { get; init; } = SourceKind.Auto;
    /// <summary>BCP 47 language the source publishes in, e.g. <c>en</c>, <c>zh</c>.</summary>
    public string? Language { get; init; }
    /// <summary>ISO 3166-1 alpha-2 country of the publisher.</summary>
    public string? Country { get; init; }
    /// <summary>A government, ministry or multilateral body rather than a news outlet.</summary>
    public bool Official { get; init; }
    public bool Enabled { get; init; } = true;
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Kind-specific settings, e.g. CSS selectors for <see cref="SourceKind.HtmlList"/>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public SourceCrawlState Crawl { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public enum SourceKind
{
    Auto,
    Rss,
    Atom,
    JsonFeed,
    HtmlList,
    Sitemap,
}

/// <summary>What the crawler last learned about a source. Written only by the crawler.</summary>
public sealed record SourceCrawlState
{
    public DateTimeOffset NextAttemptAt { get; init; }
    public DateTimeOffset? LastFetchedAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    /// <summary>When the newest item was first seen; drives staleness.</summary>
    public DateTimeOffset? LastNewItemAt { get; init; }
    public string? LastError { get; init; }

    /// <summary>What the last successful poll had to work around (e.g. malformed XML with items recovered); null when it read cleanly.</summary>
    public string? LastWarning { get; init; }

    public int ConsecutiveFailures { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public bool Stale { get; init; }
}
