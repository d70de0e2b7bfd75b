using static BriWatch.Crawler.Feeds.FeedNamespaces;

namespace BriWatch.Crawler.Feeds;

/// <summary>RSS 0.9x, 2.0 (root <c>rss</c>) and RSS 0.90/1.0 (root <c>rdf:RDF</c>).</summary>
internal static class RssReader
{
    public static (string Format, FeedInfo Feed, List<FeedItem> Items) Read(XmlElementNode root, Uri? fetchUrl)
    {
        var isRdf = root.LocalName == "RDF";
        // Old RSS dialects put the plain elements in their own namespace (userland, netscape); accept the root's.
        var rss = Rss.Contains(root.Namespace) || isRdf ? Rss : [.. Rss, root.Namespace];
        var channel = root.Child("channel", rss) ?? root;
        var format = isRdf ? RdfFormat(root) : RssFormat(root.Attr("version"));

        var linkText = channel.Child("link", rss)?.Text.Trim() ?? AtomAlternate(channel);
        var feedLink = UrlResolver.Resolve(channel.BaseUri, linkText);
        var fallbackBase = channel.BaseUri ?? fetchUrl ?? AsUri(feedLink);
        var feed = new FeedInfo
        {
            Title = FeedText.Loose(channel.Child("title", rss) ?? channel.Child("title", DublinCore)),
            Link = feedLink,
            Subtitle = FeedText.Loose(channel.Child("description", rss) ?? channel.Child("description", DublinCore)),
            Language = NonEmpty(channel.Child("language", rss)?.Text) ?? NonEmpty(channel.Child("language", DublinCore)?.Text) ?? channel.Language ?? root.Language,
            Updated = FeedDates.Parse((channel.Child("lastBuildDate", rss) ?? channel.Child("pubDate", rss)
                ?? channel.Child("date", DublinCore) ?? channel.Child("modified", DcTerms))?.Text),
            Author = NonEmpty((channel.Child("managingEditor", rss) ?? channel.Child("creator", DublinCore)
                ?? channel.Child("author", rss) ?? channel.Child("author", DublinCore) ?? channel.Child("webMaster", rss))?.Text),
            RefreshHint = RefreshHint(channel, rss),
        };

        var itemParent = isRdf ? root : channel;
        var items = itemParent.Children("item", rss).Select(i => ReadItem(i, rss, fallbackBase)).ToList();
        if (isRdf && items.Count == 0)
        {
            // Some RDF feeds nest items inside the channel.
            items = channel.Children("item", rss).Select(i => ReadItem(i, rss, fallbackBase)).ToList();
        }

        return (format, feed, items);
    }

    private static FeedItem ReadItem(XmlElementNode item, string[] rss, Uri? fallbackBase)
    {
        var guidElement = item.Child("guid", rss);
        var guid = NonEmpty(guidElement?.Text) ?? NonEmpty(item.Attr("about", Rdf));
        var linkElement = item.Child("link", rss);
        var link = NonEmpty(linkElement?.Text) ?? AtomAlternate(item);
        if (link is null && guidElement is not null && guid is not null
            && !string.Equals(guidElement.Attr("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(guid, UriKind.Absolute, out _))
        {
            // RSS 2.0: a guid is a permalink unless it says otherwise.
            link = guid;
        }

        var baseUri = item.BaseUri ?? fallbackBase;
        return new FeedItem
        {
            Id = guid,
            Title = FeedText.Loose(item.Child("title", rss) ?? item.Child("title", DublinCore)),
            Link = UrlResolver.Resolve((linkElement ?? item).BaseUri ?? fallbackBase, link),
            Published = FeedDates.Parse((item.Child("pubDate", rss) ?? item.Child("date", DublinCore) ?? item.Child("issued", DcTerms))?.Text),
            Updated = FeedDates.Parse((item.Child("modified", DcTerms) ?? item.Child("updated", Atom10) ?? item.Child("date", DublinCore))?.Text),
            Summary = Sanitized(FeedText.Loose(item.Child("description", rss) ?? item.Child("description", DublinCore)), baseUri),
            Content = Sanitized(FeedText.Loose(item.Child("encoded", Content) ?? item.Child("fullitem", rss)) ?? Body(item, rss), baseUri),
            Author = NonEmpty((item.Child("author", rss) ?? item.Child("creator", DublinCore) ?? item.Child("author", DublinCore))?.Text),
            Language = NonEmpty(item.Child("language", DublinCore)?.Text) ?? item.Language,
            Categories = item.Children("category", rss).Concat(item.Children("subject", DublinCore))
                .Select(c => c.Text.Trim()).Where(c => c.Length > 0).Distinct().ToList(),
            Enclosures = item.Children("enclosure", rss)
                .Where(e => !string.IsNullOrWhiteSpace(e.Attr("url")))
                .Select(e => new FeedEnclosure(
                    UrlResolver.Resolve(e.BaseUri ?? fallbackBase, e.Attr("url"))!,
                    NonEmpty(e.Attr("type")),
                    long.TryParse(e.Attr("length"), out var length) ? length : null))
                .ToList(),
        };
    }

    // Relative links inside RSS HTML are resolved by the sanitiser against xml:base; without one, use the feed's base.
    private static string? Sanitized(string? value, Uri? baseUri) =>
        value is null || baseUri is null || !HtmlText.LooksLikeHtml(value) ? value : FeedHtmlSanitizer.Sanitize(value, baseUri);

    /// <summary>An inline <c>&lt;body&gt;</c> (XHTML or un-namespaced) carrying the full item as markup.</summary>
    private static string? Body(XmlElementNode item, string[] rss) =>
        (item.Child("body", Xhtml) ?? item.Child("body", rss)) is { } body ? FeedHtmlSanitizer.Sanitize(body.InnerXml, body.BaseUri).Trim() : null;

    private static string? AtomAlternate(XmlElementNode element) =>
        element.Children("link", Atom10).FirstOrDefault(l => (l.Attr("rel") ?? "alternate") == "alternate")?.Attr("href");

    private static TimeSpan? RefreshHint(XmlElementNode channel, string[] rss)
    {
        if (int.TryParse(channel.Child("ttl", rss)?.Text.Trim(), out var ttl) && ttl > 0)
        {
            return TimeSpan.FromMinutes(ttl);
        }

        var period = channel.Child("updatePeriod", Syndication)?.Text.Trim().ToLowerInvariant() switch
        {
            "hourly" => TimeSpan.FromHours(1),
            "daily" => TimeSpan.FromDays(1),
            "weekly" => TimeSpan.FromDays(7),
            "monthly" => TimeSpan.FromDays(30),
            "yearly" => TimeSpan.FromDays(365),
            _ => (TimeSpan?)null,
        };
        if (period is null)
        {
            return null;
        }

        var frequency = int.TryParse(channel.Child("updateFrequency", Syndication)?.Text.Trim(), out var f) && f > 0 ? f : 1;
        return period / frequency;
    }

    private static string RssFormat(string? version) => version?.Trim() switch
    {
        "0.91" => "rss091",
        "0.92" => "rss092",
        "0.93" => "rss093",
        "0.94" => "rss094",
        "2.0" or "2.0.1" or "2" => "rss20",
        _ => "rss",
    };

    private static string RdfFormat(XmlElementNode root) =>
        root.Elements.Any(e => e.Namespace == Rss090) ? "rss090" : "rss10";

    private static Uri? AsUri(string? link) => Uri.TryCreate(link, UriKind.Absolute, out var uri) && !uri.IsFile ? uri : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
