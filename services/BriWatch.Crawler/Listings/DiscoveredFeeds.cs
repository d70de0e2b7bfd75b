namespace BriWatch.Crawler.Listings;

/// <summary>A feed an HTML page advertises with <c>&lt;link rel="alternate"&gt;</c>.</summary>
/// <param name="Type">The advertised media type, e.g. <c>application/rss+xml</c>.</param>
public sealed record DiscoveredFeed(Uri Url, string Type, string? Title);

/// <summary>What an HTML page says about its feeds and its WebSub hub.</summary>
/// <param name="Feeds">Resolved feed links, best first: RSS and Atom, then JSON Feed, then plain JSON; comment feeds last.</param>
/// <param name="Hubs">WebSub hubs (<c>rel="hub"</c>).</param>
/// <param name="Self">The topic URL for WebSub (<c>rel="self"</c>), if the page names one.</param>
public sealed record DiscoveredFeeds(IReadOnlyList<DiscoveredFeed> Feeds, IReadOnlyList<Uri> Hubs, Uri? Self);
