using BriWatch.Crawler.Feeds;
using BriWatch.Storage.Sources;

namespace BriWatch.Crawler.Listings;

/// <summary>The one entry point for a fetched source body: picks the parser by <see cref="Source.Kind"/>, or by content for <c>Auto</c>.</summary>
public static class SourceDocumentReader
{
    /// <summary>Source option for sitemap indexes: how many child sitemaps to read (1 to 1000).</summary>
    public const string MaxSitemapsKey = "maxSitemaps";

    private const string NothingFound = "not a feed: HTML page without feed links or article list";

    /// <summary>
    /// Reads <paramref name="body"/> fetched for <paramref name="source"/> from <paramref name="url"/> (after redirects).
    /// <list type="bullet">
    /// <item>Rss, Atom, JsonFeed: <see cref="FeedParser"/>.</item>
    /// <item>HtmlList: <see cref="HtmlListingParser"/> with the source's <see cref="HtmlListingOptions"/>.</item>
    /// <item>Sitemap: <see cref="SitemapParser"/>; for an index, <see cref="SourceDocument.ChildSitemaps"/> lists what to fetch next.</item>
    /// <item>Auto: a feed or a sitemap by its content; an HTML page advertising feeds gives <see cref="SourceDocument.DiscoveredFeedUrl"/>;
    /// any other HTML page is read as a listing.</item>
    /// </list>
    /// </summary>
    /// <exception cref="FeedParseException">Nothing usable could be read; the message says why.</exception>
    public static SourceDocument Read(Source source, ReadOnlySpan<byte> body, Uri url, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(url);
        return source.Kind switch
        {
            SourceKind.Rss or SourceKind.Atom or SourceKind.JsonFeed => SourceDocument.Parsed(FeedParser.Parse(body, url, contentType)),
            SourceKind.HtmlList => SourceDocument.Parsed(HtmlListingParser.Parse(body, url, contentType, HtmlListingOptions.FromSource(source.Options))),
            SourceKind.Sitemap => SourceDocument.Parsed(SitemapParser.Parse(body, url, contentType, MaxSitemaps(source))),
            SourceKind.Auto => Sniff(source, body, url, contentType),
            _ => throw new FeedParseException($"source kind {source.Kind} is not supported"),
        };
    }

    private static SourceDocument Sniff(Source source, ReadOnlySpan<byte> body, Uri url, string? contentType)
    {
        if (body.IsEmpty)
        {
            throw new FeedParseException("not a feed: empty body");
        }

        if (SitemapParser.IsGzip(body))
        {
            // The fetcher undoes Content-Encoding; a body still gzip-compressed is a sitemap.xml.gz file.
            return SourceDocument.Parsed(SitemapParser.Parse(body, url, contentType, MaxSitemaps(source)));
        }

        var decoded = FeedEncoding.Decode(body, contentType);
        switch (DocumentSniffer.Sniff(decoded.Text, contentType))
        {
            case DocumentKind.Sitemap:
                return SourceDocument.Parsed(SitemapParser.Parse(body, url, contentType, MaxSitemaps(source)));
            case DocumentKind.Html:
                var page = HtmlPage.FromText(decoded, url);
                var discovered = FeedDiscovery.Find(page);
                return discovered.Feeds.Count > 0
                    ? SourceDocument.FeedLinks(discovered)
                    : SourceDocument.Parsed(HtmlListingParser.Parse(page, HtmlListingOptions.FromSource(source.Options), NothingFound));
            default:
                return SourceDocument.Parsed(FeedParser.Parse(body, url, contentType));
        }
    }

    private static int MaxSitemaps(Source source) =>
        SourceOptions.Number(source.Options, MaxSitemapsKey, SitemapParser.DefaultMaxSitemaps, 1, 1000);
}
