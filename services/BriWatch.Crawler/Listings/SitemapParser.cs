using System.IO.Compression;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>
/// Reads XML sitemaps (<c>urlset</c> of <c>loc</c>/<c>lastmod</c>), Google News sitemaps (<c>news:title</c>,
/// <c>news:publication_date</c>, <c>news:language</c>) and sitemap indexes, plain or gzip-compressed.
/// </summary>
/// <remarks>
/// Formats: <c>sitemap</c>, <c>google-news-sitemap</c>, and <c>sitemap-index</c>, whose items are the child sitemaps to
/// fetch (newest <c>lastmod</c> first, at most <c>maxSitemaps</c>), not articles.
/// </remarks>
public static class SitemapParser
{
    public const string SitemapFormat = "sitemap";
    public const string NewsSitemapFormat = "google-news-sitemap";
    public const string IndexFormat = "sitemap-index";
    public const int DefaultMaxSitemaps = 20;

    /// <summary>The sitemap protocol's own limit for one uncompressed file; also what a gzip body may expand to.</summary>
    private const int MaxUncompressedBytes = 50 * 1024 * 1024;

    /// <param name="maxSitemaps">For a sitemap index: how many child sitemaps to return.</param>
    /// <exception cref="FeedParseException">Empty, not XML, not a sitemap, or broken before the first entry.</exception>
    public static ParsedFeed Parse(ReadOnlySpan<byte> body, Uri? url, string? contentType, int maxSitemaps = DefaultMaxSitemaps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSitemaps, 1);
        if (body.IsEmpty)
        {
            throw new FeedParseException("not a sitemap: empty body");
        }

        var decoded = FeedEncoding.Decode(IsGzip(body) ? Gunzip(body) : body, contentType);
        var (text, encoding, _) = decoded;
        var (root, entries, error) = SitemapXml.Read(text);
        if (root is null)
        {
            throw new FeedParseException($"not a sitemap: {error ?? "no XML element found"}");
        }

        if (root is not ("urlset" or "sitemapindex"))
        {
            throw new FeedParseException(root.Equals("html", StringComparison.OrdinalIgnoreCase)
                ? "not a sitemap: HTML page"
                : $"not a sitemap: root element <{root}>");
        }

        if (error is not null && entries.Count == 0)
        {
            throw new FeedParseException($"not a sitemap: {error}");
        }

        error ??= decoded.Mismatch;
        return root == "sitemapindex"
            ? Index(entries, url, maxSitemaps, encoding, error)
            : UrlSet(entries, url, encoding, error);
    }

    internal static bool IsGzip(ReadOnlySpan<byte> body) => body is [0x1F, 0x8B, ..];

    private static ParsedFeed UrlSet(IReadOnlyList<SitemapEntry> entries, Uri? url, string encoding, string? error)
    {
        var items = new List<FeedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (Link(entry, url) is not { } link || !seen.Add(PageLinks.Key(link)))
            {
                continue;
            }

            items.Add(new FeedItem
            {
                Link = link.AbsoluteUri,
                Title = PlainText(entry.Get("news:title")),
                Published = FeedDates.Parse(entry.Get("news:publication_date")),
                Updated = FeedDates.Parse(entry.Get("lastmod")),
                Language = entry.Get("news:language"),
                Categories = entry.Get("news:keywords")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            });
        }

        var news = entries.FirstOrDefault(e => e.IsNews);
        var info = new FeedInfo
        {
            Title = news?.Get("news:name"),
            Link = url?.AbsoluteUri,
            Language = news?.Get("news:language"),
        };
        return new ParsedFeed(news is null ? SitemapFormat : NewsSitemapFormat, encoding, error is null, error, info, items);
    }

    private static ParsedFeed Index(IReadOnlyList<SitemapEntry> entries, Uri? url, int maxSitemaps, string encoding, string? error)
    {
        // Indexes grow by appending (sitemap-2026-11.xml last); the newest children are where new articles are.
        var items = entries
            .Select(e => (Link: Link(e, url), Updated: FeedDates.Parse(e.Get("lastmod"))))
            .Where(e => e.Link is not null)
            .DistinctBy(e => PageLinks.Key(e.Link!))
            .Select((e, index) => (e.Link, e.Updated, Index: index))
            .OrderByDescending(e => e.Updated.HasValue)
            .ThenByDescending(e => e.Updated)
            .ThenByDescending(e => e.Index)
            .Take(maxSitemaps)
            .Select(e => new FeedItem { Link = e.Link!.AbsoluteUri, Updated = e.Updated })
            .ToList();
        return new ParsedFeed(IndexFormat, encoding, error is null, error, new FeedInfo { Link = url?.AbsoluteUri }, items);
    }

    private static Uri? Link(SitemapEntry entry, Uri? url) =>
        entry.Get("loc") is not { } loc ? null
        : url is null ? (Uri.TryCreate(loc.Trim(), UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute : null)
        : PageLinks.Resolve(url, loc);

    private static string? PlainText(string? text) =>
        text is null ? null : HtmlText.LooksLikeHtml(text) ? HtmlText.ToPlainText(text) : text;

    private static byte[] Gunzip(ReadOnlySpan<byte> body)
    {
        using var input = new MemoryStream(body.ToArray());
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > MaxUncompressedBytes)
                {
                    throw new FeedParseException($"not a sitemap: the gzip-compressed body expands beyond {MaxUncompressedBytes / (1024 * 1024)} MB");
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new FeedParseException("not a sitemap: corrupt gzip data", ex);
        }

        return output.ToArray();
    }
}
