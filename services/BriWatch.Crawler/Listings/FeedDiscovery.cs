using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>Finds the feeds an HTML page links to (<c>rel="alternate"</c>) and its WebSub links (<c>rel="hub"</c>, <c>rel="self"</c>).</summary>
public static class FeedDiscovery
{
    private static readonly Dictionary<string, int> FeedTypeRanks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/rss+xml"] = 0,
        ["application/atom+xml"] = 0,
        ["application/rdf+xml"] = 0,
        ["application/feed+json"] = 1,
        ["application/json"] = 2,
    };

    /// <exception cref="FeedParseException">The body is empty.</exception>
    public static DiscoveredFeeds Find(ReadOnlySpan<byte> body, Uri url, string? contentType) =>
        Find(HtmlPage.Load(body, url, contentType, "not an HTML page: empty body"));

    internal static DiscoveredFeeds Find(HtmlPage page)
    {
        var feeds = new List<(DiscoveredFeed Feed, bool Comments, int Rank, int Index)>();
        var hubs = new List<Uri>();
        Uri? self = null;
        var index = 0;
        foreach (var link in page.Document.QuerySelectorAll("link[rel][href]"))
        {
            var rel = link.GetAttribute("rel")!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (PageLinks.Resolve(page.BaseUri, link.GetAttribute("href")) is not { } url)
            {
                continue;
            }

            if (rel.Contains("hub", StringComparer.OrdinalIgnoreCase) && !hubs.Contains(url))
            {
                hubs.Add(url);
            }

            if (rel.Contains("self", StringComparer.OrdinalIgnoreCase))
            {
                self ??= url;
            }

            var type = link.GetAttribute("type")?.Split(';')[0].Trim().ToLowerInvariant();
            if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase) || type is null || !FeedTypeRanks.TryGetValue(type, out var rank)
                || IsApiDocument(url) || feeds.Any(f => f.Feed.Url == url))
            {
                continue;
            }

            var title = link.GetAttribute("title")?.Trim();
            var feed = new DiscoveredFeed(url, type, string.IsNullOrEmpty(title) ? null : title);
            feeds.Add((feed, IsCommentFeed(feed), rank, index++));
        }

        var ordered = feeds.OrderBy(f => f.Comments).ThenBy(f => f.Rank).ThenBy(f => f.Index).Select(f => f.Feed).ToList();
        return new DiscoveredFeeds(ordered, hubs, self);
    }

    // WordPress advertises its REST API (wp-json) as application/json alternates of every page; those are not feeds.
    private static bool IsApiDocument(Uri url) =>
        url.AbsolutePath.Contains("/wp-json/", StringComparison.OrdinalIgnoreCase) || url.Query.Contains("rest_route=", StringComparison.OrdinalIgnoreCase);

    // Blogs list "Comments Feed" next to the posts feed; it carries comments, not articles.
    private static bool IsCommentFeed(DiscoveredFeed feed) =>
        feed.Title?.Contains("comment", StringComparison.OrdinalIgnoreCase) == true
        || feed.Url.AbsolutePath.Contains("/comments/", StringComparison.OrdinalIgnoreCase);
}
