using System.Diagnostics.CodeAnalysis;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>
/// What a fetched source document turned out to be: items (<see cref="Feed"/>), or, for an <c>Auto</c> source whose URL is an
/// HTML page that advertises feeds, the feed to fetch instead (<see cref="DiscoveredFeedUrl"/>).
/// </summary>
public sealed class SourceDocument
{
    private SourceDocument(ParsedFeed? feed, DiscoveredFeeds? discovered)
    {
        Feed = feed;
        Discovered = discovered;
        ChildSitemaps = feed?.Format == SitemapParser.IndexFormat
            ? feed.Items.Select(i => new Uri(i.Link!)).ToList()
            : [];
    }

    /// <summary>The parsed items; null when the document only pointed at a feed.</summary>
    public ParsedFeed? Feed { get; }

    /// <summary>The page's feed and WebSub links, when it was an HTML page advertising feeds.</summary>
    public DiscoveredFeeds? Discovered { get; }

    /// <summary>The best advertised feed: fetch it and parse it with <see cref="FeedParser.Parse"/>.</summary>
    public Uri? DiscoveredFeedUrl => Discovered?.Feeds[0].Url;

    /// <summary>
    /// For a sitemap index: the child sitemaps to fetch and read (as <c>Sitemap</c>). <see cref="Feed"/>'s items are then these
    /// sitemaps, not articles, and must not be announced.
    /// </summary>
    public IReadOnlyList<Uri> ChildSitemaps { get; }

    [MemberNotNullWhen(true, nameof(Feed))]
    [MemberNotNullWhen(false, nameof(Discovered), nameof(DiscoveredFeedUrl))]
    public bool HasFeed => Feed is not null;

    public static SourceDocument Parsed(ParsedFeed feed) => new(feed, null);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="discovered"/> lists no feed.</exception>
    public static SourceDocument FeedLinks(DiscoveredFeeds discovered)
    {
        ArgumentOutOfRangeException.ThrowIfZero(discovered.Feeds.Count);
        return new SourceDocument(null, discovered);
    }
}
