using BriWatch.Contracts;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Items;
using BriWatch.Crawler.Listings;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.WebSub;
using BriWatch.Storage.Sources;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Consumers;

/// <summary>
/// Polls one source: fetch, parse, announce each unseen item as <see cref="ArticleDiscovered"/>, and record the outcome on
/// the source. A failing source is recorded with backoff and reported as <see cref="SourceFetchFailed"/>; the consumer
/// itself only fails on infrastructure errors (store, broker), which the definition retries.
/// </summary>
public sealed class CrawlSourceConsumer(
    ISourceStore sources,
    FeedFetcher fetcher,
    ItemAnnouncer announcer,
    WebSubSubscriber webSub,
    IOptions<CrawlerOptions> options,
    TimeProvider time,
    ILogger<CrawlSourceConsumer> logger) : IConsumer<CrawlSource>
{
    public async Task Consume(ConsumeContext<CrawlSource> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        using var activity = CrawlerTelemetry.Source.StartActivity("crawl source");
        activity?.SetTag("briwatch.source.id", message.SourceId);

        var source = await sources.GetAsync(message.SourceId, cancellationToken);
        if (source is null)
        {
            logger.LogWarning("CrawlSource for unknown source {SourceId} ignored: it was deleted after being scheduled", message.SourceId);
            return;
        }

        if (!source.Enabled)
        {
            logger.LogInformation("CrawlSource for disabled source {SourceId} ignored", source.Id);
            return;
        }

        if (source.Crawl.LastFetchedAt >= message.DueAt && message.DueAt > DateTimeOffset.MinValue)
        {
            // A redelivery of a poll already done: fetching again would only hit the site twice for one due time.
            logger.LogDebug("Source {SourceId} was already fetched for due time {DueAt}", source.Id, message.DueAt);
            return;
        }

        ParsedFeed feed;
        FetchedDocument document;
        try
        {
            (feed, document) = await ReadSourceAsync(source, cancellationToken);
            if (!feed.WellFormed && feed.Items.Count == 0)
            {
                // Broken before the first item: nothing was recovered, so this poll failed.
                throw new FeedParseException(feed.Error ?? "not well-formed and no items could be recovered");
            }
        }
        catch (Exception ex) when (ex is FetchException or FeedParseException or UriFormatException)
        {
            await RecordFailureAsync(context, source, ex.Message, (ex as FetchException)?.RetryAfter);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A parser bug on one odd document must not turn into endless redeliveries; record it like any bad input.
            logger.LogError(ex, "Unexpected error crawling source {SourceId}", source.Id);
            await RecordFailureAsync(context, source, $"internal error: {ex.GetType().Name}: {ex.Message}", null);
            return;
        }

        if (!feed.WellFormed)
        {
            logger.LogWarning("Source {SourceId} is not well-formed ({Error}); kept {Count} recovered items", source.Id, feed.Error, feed.Items.Count);
        }

        var newItems = await announcer.AnnounceNewAsync(context, source, feed, cancellationToken);
        var now = time.GetUtcNow();
        var interval = await webSub.AfterFetchAsync(source, document, PollPlanner.NextInterval(source, feed, document.MaxAge, options.Value.MaxBackoff), cancellationToken);

        try
        {
            await sources.RecordFetchSuccessAsync(
                source.Id,
                new FetchSuccess(now, now + interval, document.ETag, document.LastModified, newItems),
                cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            logger.LogInformation("Source {SourceId} was deleted while it was being crawled; its result is dropped", source.Id);
            return;
        }

        activity?.SetTag("briwatch.items.new", newItems);
        logger.LogInformation("Source {SourceId}: {Status}, {Items} items, {New} new", source.Id, document.NotModified ? "304 not modified" : "fetched", feed.Items.Count, newItems);
    }

    private static readonly ParsedFeed EmptyFeed = new("none", "utf-8", true, null, new FeedInfo(), []);

    /// <summary>
    /// Fetches the source and reads it by kind (feed, HTML listing, sitemap, or sniffed for <c>auto</c>), following one level
    /// of indirection: an HTML page that advertises a feed, or a sitemap index. Validators are kept only when the fetched
    /// document itself carries the items, because a page's 304 says nothing about the feed or sitemaps it points to.
    /// </summary>
    private async Task<(ParsedFeed Feed, FetchedDocument Document)> ReadSourceAsync(Source source, CancellationToken cancellationToken)
    {
        var document = await fetcher.FetchAsync(new Uri(source.Url), source.Crawl.ETag, source.Crawl.LastModified, cancellationToken);
        if (document.NotModified)
        {
            return (EmptyFeed, document);
        }

        var read = SourceDocumentReader.Read(source, document.Body, document.Url, document.ContentType);
        var withoutValidators = document with { ETag = null, LastModified = null };
        if (!read.HasFeed)
        {
            var feedDocument = await FetchLinkedAsync(read.DiscoveredFeedUrl, "advertised feed", cancellationToken);
            return (FeedParser.Parse(feedDocument.Body, feedDocument.Url, feedDocument.ContentType), withoutValidators);
        }

        if (read.ChildSitemaps.Count == 0)
        {
            return (read.Feed, document);
        }

        var items = new List<FeedItem>();
        var asSitemap = source with { Kind = SourceKind.Sitemap };
        foreach (var child in read.ChildSitemaps)
        {
            var childDocument = await FetchLinkedAsync(child, "sitemap", cancellationToken);
            var childRead = SourceDocumentReader.Read(asSitemap, childDocument.Body, childDocument.Url, childDocument.ContentType);
            if (childRead.HasFeed && childRead.ChildSitemaps.Count == 0)
            {
                items.AddRange(childRead.Feed.Items);
            }
            else
            {
                logger.LogWarning("Source {SourceId}: sitemap {Child} is itself an index; only one level of sitemap indexes is followed", source.Id, child);
            }
        }

        return (read.Feed with { Items = items }, withoutValidators);
    }

    private async Task<FetchedDocument> FetchLinkedAsync(Uri url, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await fetcher.FetchAsync(url, null, null, cancellationToken);
        }
        catch (FetchException ex)
        {
            throw new FetchException($"{what} {url}: {ex.Message}", ex.RetryAfter, ex);
        }
    }

    private async Task RecordFailureAsync(ConsumeContext context, Source source, string error, TimeSpan? retryAfter)
    {
        var now = time.GetUtcNow();
        var failures = source.Crawl.ConsecutiveFailures + 1;
        var next = now + Backoff.After(source.PollInterval, failures, options.Value.MaxBackoff, retryAfter);
        int recorded;
        try
        {
            recorded = await sources.RecordFetchFailureAsync(source.Id, new FetchFailure(error, now, next), context.CancellationToken);
        }
        catch (KeyNotFoundException)
        {
            logger.LogInformation("Source {SourceId} was deleted while it was being crawled; its error ({Error}) is dropped", source.Id, error);
            return;
        }

        logger.LogWarning("Source {SourceId} failed ({Failures} in a row), next attempt {Next:O}: {Error}", source.Id, recorded, next, error);
        await context.Publish(new SourceFetchFailed(source.Id, error, recorded, next, now), context.CancellationToken);
    }
}
