using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Listings;
using BriWatch.Storage.Sources;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Consumers;

/// <summary>
/// Fetches a source and reads it by kind (feed, HTML listing, sitemap, or sniffed for <c>auto</c>), following an HTML page
/// to the feed it advertises and a sitemap index down to its sitemaps. What it had to work around becomes a warning.
/// </summary>
public sealed class SourceReader(FeedFetcher fetcher, IOptions<CrawlerOptions> options)
{
    /// <summary>How many levels of sitemap indexes are followed, the source's own index included.</summary>
    public const int MaxSitemapIndexDepth = 3;

    private static readonly ParsedFeed EmptyFeed = new("none", "utf-8", true, null, new FeedInfo(), []);

    /// <summary>
    /// Validators are kept only when the fetched document itself carries the items, because a page's 304 says nothing
    /// about the feed or sitemaps it points to.
    /// </summary>
    /// <exception cref="FetchException">A fetch failed.</exception>
    /// <exception cref="FeedParseException">Nothing usable could be read.</exception>
    public async Task<SourceRead> ReadAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var document = await fetcher.FetchAsync(new Uri(source.Url), source.Crawl.ETag, source.Crawl.LastModified, cancellationToken);
        if (document.NotModified)
        {
            return new SourceRead(EmptyFeed, document, null, []);
        }

        var read = SourceDocumentReader.Read(source, document.Body, document.Url, document.ContentType);
        var withoutValidators = document with { ETag = null, LastModified = null };
        if (!read.HasFeed)
        {
            var feedDocument = await FetchLinkedAsync(read.DiscoveredFeedUrl, "advertised feed", cancellationToken);
            var feed = FeedParser.Parse(feedDocument.Body, feedDocument.Url, feedDocument.ContentType);
            return new SourceRead(feed, withoutValidators, feedDocument, Recovered(feed, null));
        }

        if (read.ChildSitemaps.Count == 0)
        {
            return new SourceRead(read.Feed, document, null, Recovered(read.Feed, null));
        }

        var walk = new SitemapWalk(source with { Kind = SourceKind.Sitemap }, options.Value.MaxSitemapsPerPoll, [Key(new Uri(source.Url)), Key(document.Url)]);
        if (!read.Feed.WellFormed)
        {
            walk.Warnings.Add($"sitemap index {document.Url}: {read.Feed.Error}; kept {Count(read.ChildSitemaps.Count, "recovered child sitemap")}");
        }

        await WalkAsync(walk, document.Url, read.ChildSitemaps, [.. walk.Read], 1, cancellationToken);
        if (walk.FirstFailure is { } failure && walk.ChildrenRead == 0)
        {
            // Nothing could be read: the poll failed (and backs off, honouring a Retry-After), naming the first child that failed.
            var more = walk.Failed > 1 ? $" (and {Count(walk.Failed - 1, "more child sitemap")} failed)" : "";
            throw failure is FetchException fetch
                ? new FetchException(fetch.Message + more, fetch.StatusCode, fetch.RetryAfter, fetch)
                : new FeedParseException(failure.Message + more, failure);
        }

        if (walk.NotRead.Count > 0)
        {
            walk.Warnings.Add(walk.Stopped
                ? $"the host asked for a pause (Retry-After); {Count(walk.NotRead.Count, "more listed sitemap")} not read this poll"
                : $"read only {Count(walk.Budget, "child sitemap")} per poll (Crawler:MaxSitemapsPerPoll); {Count(walk.NotRead.Count, "more listed sitemap")} not read");
        }

        return new SourceRead(read.Feed with { Items = walk.Items }, withoutValidators, null, walk.Warnings);
    }

    /// <summary>Depth first, newest child first (the order the index parser gives), so a capped poll reads the newest sitemaps.</summary>
    private async Task WalkAsync(SitemapWalk walk, Uri index, IReadOnlyList<Uri> children, HashSet<string> ancestors, int depth, CancellationToken cancellationToken)
    {
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            var key = Key(child);
            if (ancestors.Contains(key))
            {
                walk.Warnings.Add(Cycle(index, child));
                continue;
            }

            if (walk.Read.Contains(key))
            {
                // Listed twice (here or by another index): read once.
                continue;
            }

            if (walk.Fetched >= walk.Budget)
            {
                LeaveUnread(walk, children, i);
                return;
            }

            walk.Read.Add(key);
            walk.Fetched++;
            if (await FetchChildAsync(walk, index, child, ancestors, cancellationToken) is { } read)
            {
                await AddChildAsync(walk, child, key, read, ancestors, depth, cancellationToken);
            }

            if (walk.Stopped)
            {
                // The host asked for a pause, here or deeper down: this index's remaining sitemaps wait for the next poll
                // too, and say so.
                LeaveUnread(walk, children, i + 1);
                return;
            }
        }
    }

    /// <summary>
    /// Fetches and reads one child sitemap; null when it is not read: it leads back up the tree (a cycle warning), or it
    /// failed (a warning; the walk stops when the host asked for a pause).
    /// </summary>
    private async Task<ChildSitemap?> FetchChildAsync(SitemapWalk walk, Uri index, Uri child, HashSet<string> ancestors, CancellationToken cancellationToken)
    {
        try
        {
            var document = await FetchLinkedAsync(child, "sitemap", cancellationToken);
            if (ancestors.Contains(Key(document.Url)))
            {
                walk.Warnings.Add(Cycle(index, document.Url));
                return null;
            }

            var (feed, grandchildren) = ReadChild(walk.AsSitemap, child, document);
            return new ChildSitemap(document, feed, grandchildren);
        }
        catch (Exception ex) when (ex is FetchException or FeedParseException)
        {
            // One broken sitemap must not hide the items of the others: it becomes a warning, and the poll fails only
            // when no sitemap could be read.
            walk.Failed++;
            walk.FirstFailure ??= ex;
            walk.Warnings.Add($"{ex.Message}; skipped");
            if (ex is FetchException { RetryAfter: not null })
            {
                // The host asked us to slow down: its other sitemaps wait for the next poll.
                walk.Stopped = true;
            }

            return null;
        }
    }

    /// <summary>Keeps a sitemap's items, or walks down an index.</summary>
    private async Task AddChildAsync(SitemapWalk walk, Uri child, string key, ChildSitemap read, HashSet<string> ancestors, int depth, CancellationToken cancellationToken)
    {
        walk.ChildrenRead++;
        if (read.Children.Count == 0)
        {
            walk.Items.AddRange(read.Feed.Items);
            walk.Warnings.AddRange(Recovered(read.Feed, child));
            return;
        }

        if (!read.Feed.WellFormed)
        {
            walk.Warnings.Add($"sitemap index {child}: {read.Feed.Error}; kept {Count(read.Children.Count, "recovered child sitemap")}");
        }

        if (depth >= MaxSitemapIndexDepth)
        {
            walk.Warnings.Add($"sitemap {child} is an index nested more than {MaxSitemapIndexDepth} levels deep; not followed");
            return;
        }

        await WalkAsync(walk, child, read.Children, [.. ancestors, key, Key(read.Document.Url)], depth + 1, cancellationToken);
    }

    /// <summary>Notes the listed sitemaps from <paramref name="from"/> on that this poll does not read.</summary>
    private static void LeaveUnread(SitemapWalk walk, IReadOnlyList<Uri> children, int from) =>
        walk.NotRead.UnionWith(children.Skip(from).Select(Key).Where(k => !walk.Read.Contains(k)));

    private static (ParsedFeed Feed, IReadOnlyList<Uri> ChildSitemaps) ReadChild(Source asSitemap, Uri url, FetchedDocument document)
    {
        try
        {
            var read = SourceDocumentReader.Read(asSitemap, document.Body, document.Url, document.ContentType);
            // Read as a sitemap, a document either parses or throws; it never points at a feed.
            return read.HasFeed ? (read.Feed, read.ChildSitemaps) : throw new FeedParseException("not a sitemap");
        }
        catch (FeedParseException ex)
        {
            throw new FeedParseException($"sitemap {url}: {ex.Message}", ex);
        }
    }

    private async Task<FetchedDocument> FetchLinkedAsync(Uri url, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await fetcher.FetchAsync(url, null, null, cancellationToken);
        }
        catch (FetchException ex)
        {
            throw new FetchException($"{what} {url}: {ex.Message}", ex.StatusCode, ex.RetryAfter, ex);
        }
    }

    /// <summary>A warning for a document read despite an error; none when it read cleanly, or when nothing was recovered (that fails the poll).</summary>
    private static IReadOnlyList<string> Recovered(ParsedFeed feed, Uri? where) =>
        feed.WellFormed || feed.Items.Count == 0
            ? []
            : [$"{(where is null ? "" : $"sitemap {where}: ")}{feed.Error}; kept {Count(feed.Items.Count, "recovered item")}"];

    private static string Cycle(Uri index, Uri child) =>
        Key(index) == Key(child)
            ? $"sitemap index {index} lists itself; not followed again"
            : $"sitemap index {index} lists {child}, an index above it (a cycle); not followed again";

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static string Key(Uri url) => PageLinks.Key(url);

    /// <summary>A child sitemap as fetched and read: its items, or the sitemaps it lists when it is an index.</summary>
    private sealed record ChildSitemap(FetchedDocument Document, ParsedFeed Feed, IReadOnlyList<Uri> Children);

    /// <summary>One poll's walk through a sitemap index tree.</summary>
    private sealed class SitemapWalk(Source asSitemap, int budget, IReadOnlyList<string> rootKeys)
    {
        public Source AsSitemap { get; } = asSitemap;

        /// <summary>How many child sitemaps may be fetched this poll.</summary>
        public int Budget { get; } = budget;

        /// <summary>How many child sitemaps were fetched so far.</summary>
        public int Fetched { get; set; }

        /// <summary>Every sitemap fetched this poll (the source's own document included), by <see cref="PageLinks.Key"/>.</summary>
        public HashSet<string> Read { get; } = [.. rootKeys];

        /// <summary>Child sitemaps fetched and read (a cycle or a failure is not counted).</summary>
        public int ChildrenRead { get; set; }

        /// <summary>Child sitemaps that could not be fetched or read; the first of them names the poll's error when none was read.</summary>
        public int Failed { get; set; }

        public Exception? FirstFailure { get; set; }

        /// <summary>Set when a host asked for a pause (Retry-After): the walk ends there.</summary>
        public bool Stopped { get; set; }

        /// <summary>Listed sitemaps left unread because the budget was spent or the host asked for a pause.</summary>
        public HashSet<string> NotRead { get; } = [];

        public List<FeedItem> Items { get; } = [];

        public List<string> Warnings { get; } = [];
    }
}
