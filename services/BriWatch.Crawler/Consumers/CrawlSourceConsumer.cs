using System.Diagnostics;
using BriWatch.Contracts;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Items;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.WebSub;
using BriWatch.Storage.Sources;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Consumers;

/// <summary>
/// Polls one source: fetch, parse, announce each unseen item as <see cref="ArticleDiscovered"/>, and record the outcome on
/// the source, with a warning when input was recovered rather than read cleanly. A failing source is recorded with backoff and reported as <see cref="SourceFetchFailed"/>; the consumer
/// itself only fails on infrastructure errors (store, broker), which the definition retries.
/// The crawl runs under a claim on the source (<see cref="HeldCrawlClaim"/>), so one source is crawled by one consumer at a
/// time across all replicas, however long the crawl takes; its outcome is recorded only under that claim.
/// </summary>
public sealed class CrawlSourceConsumer(
    ISourceStore sources,
    SourceReader reader,
    ItemAnnouncer announcer,
    WebSubSubscriber webSub,
    ReplicaIdentity identity,
    IOptions<CrawlerOptions> options,
    TimeProvider time,
    ILogger<CrawlSourceConsumer> logger) : IConsumer<CrawlSource>
{
    public async Task Consume(ConsumeContext<CrawlSource> context)
    {
        var message = context.Message;
        using var activity = CrawlerTelemetry.Source.StartActivity("crawl source");
        activity?.SetTag("briwatch.source.id", message.SourceId);

        await using var claim = await HeldCrawlClaim.TryTakeAsync(
            sources, message.SourceId, identity.Holder, options.Value.ClaimLease, time, logger, context.CancellationToken);
        if (claim is null)
        {
            if (await sources.GetAsync(message.SourceId, context.CancellationToken) is null)
            {
                logger.LogWarning("CrawlSource for unknown source {SourceId} ignored: it was deleted after being scheduled", message.SourceId);
            }
            else
            {
                // The running crawl records its outcome and the next attempt; a second one would fetch every page again.
                logger.LogInformation("CrawlSource for source {SourceId} ignored: another crawl of it is running", message.SourceId);
            }

            return;
        }

        try
        {
            await CrawlAsync(context, claim, activity);
        }
        catch (OperationCanceledException) when (claim.Lost && !context.CancellationToken.IsCancellationRequested)
        {
            // Logged where the loss was found; the crawl that took the source over records the outcome.
        }
    }

    private async Task CrawlAsync(ConsumeContext<CrawlSource> context, HeldCrawlClaim claim, Activity? activity)
    {
        var message = context.Message;
        var cancellationToken = claim.Token;
        var source = claim.Claim.Source;
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

        if (await ReadAsync(context, claim) is not { } read)
        {
            return;
        }

        var (feed, document) = (read.Feed, read.Document);
        RecordPollMetrics(message.DueAt, document.NotModified ? FetchOutcomes.NotModified : FetchOutcomes.Ok);
        if (read.Warning is not null)
        {
            logger.LogWarning("Source {SourceId} read with a warning, kept {Count} items: {Warning}", source.Id, feed.Items.Count, read.Warning);
        }

        // Outside the failure handling above on purpose: a store or broker error here fails the message so it is retried.
        // What one item (or the WebSub step) trips over comes back as a warning and costs nothing else.
        var announced = await announcer.AnnounceNewAsync(source, feed, cancellationToken);
        CrawlerTelemetry.ItemsDiscovered.Add(announced.New);
        var now = time.GetUtcNow();
        var planned = PollPlanner.NextInterval(
            source, feed, document.MaxAge, options.Value.MaxBackoff, document.NotModified ? PlannedInterval(source, message.DueAt) : null);
        var (interval, webSubWarning) = await webSub.AfterFetchAsync(source, document, read.DiscoveredFeed, planned, cancellationToken);
        var warning = Warning(source, read, announced, webSubWarning);
        var success = new FetchSuccess(now, now + interval, document.ETag, document.LastModified, announced.New, warning);
        if (await RecordSuccessAsync(context, claim, success))
        {
            activity?.SetTag("briwatch.items.new", announced.New);
            logger.LogInformation("Source {SourceId}: {Status}, {Items} items, {New} new", source.Id, document.NotModified ? "304 not modified" : "fetched", feed.Items.Count, announced.New);
        }
    }

    /// <summary>Fetches and parses the source; null when that failed, the failure then recorded on the source.</summary>
    private async Task<SourceRead?> ReadAsync(ConsumeContext<CrawlSource> context, HeldCrawlClaim claim)
    {
        var source = claim.Claim.Source;
        try
        {
            var read = await reader.ReadAsync(source, claim.Token);
            if (!read.Feed.WellFormed && read.Feed.Items.Count == 0)
            {
                // Broken before the first item: nothing was recovered, so this poll failed.
                throw new FeedParseException(read.Feed.Error ?? "not well-formed and no items could be recovered");
            }

            return read;
        }
        catch (Exception ex) when (ex is FetchException or FeedParseException or UriFormatException)
        {
            RecordPollMetrics(context.Message.DueAt, FetchOutcomes.Of(ex));
            await RecordFailureAsync(context, claim, ex.Message, (ex as FetchException)?.RetryAfter);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !claim.Token.IsCancellationRequested)
        {
            // A parser bug on one odd document must not turn into endless redeliveries; record it like any bad input.
            logger.LogError(ex, "Unexpected error crawling source {SourceId}", source.Id);
            RecordPollMetrics(context.Message.DueAt, FetchOutcomes.Of(ex));
            await RecordFailureAsync(context, claim, $"internal error: {ex.GetType().Name}: {ex.Message}", null);
            return null;
        }
    }

    /// <summary>What this poll worked around, as the one warning the source keeps (null: nothing).</summary>
    private static string? Warning(Source source, SourceRead read, AnnounceResult announced, string? webSubWarning)
    {
        // A 304 means the document did not change, so what was worked around last time still holds.
        var warnings = new List<string>(read.Document.NotModified ? source.Crawl.LastWarning is { } last ? [last] : [] : read.Warnings);
        warnings.AddRange(announced.Skipped);
        if (webSubWarning is not null)
        {
            warnings.Add(webSubWarning);
        }

        return SourceRead.Join(warnings);
    }

    /// <summary>Records the successful poll under the crawl's claim; false when the result was dropped (claim lost, source deleted).</summary>
    private async Task<bool> RecordSuccessAsync(ConsumeContext context, HeldCrawlClaim claim, FetchSuccess success)
    {
        var source = claim.Claim.Source;
        try
        {
            if (!await claim.EndWithAsync(token => sources.RecordFetchSuccessAsync(source.Id, success with { ClaimToken = token }, context.CancellationToken)))
            {
                logger.LogWarning("Source {SourceId}: this crawl's claim was taken over before it finished; its result is dropped", source.Id);
                return false;
            }

            return true;
        }
        catch (KeyNotFoundException)
        {
            logger.LogInformation("Source {SourceId} was deleted while it was being crawled; its result is dropped", source.Id);
            return false;
        }
    }

    /// <summary>Counts the poll by outcome and, for a scheduled poll (one with a due time), how late it ran.</summary>
    private void RecordPollMetrics(DateTimeOffset dueAt, string outcome)
    {
        CrawlerTelemetry.RecordFetch(outcome);
        if (dueAt > DateTimeOffset.MinValue)
        {
            CrawlerTelemetry.PollLag.Record(Math.Max(0, (time.GetUtcNow() - dueAt).TotalSeconds));
        }
    }

    /// <summary>
    /// The interval the previous poll chose: a success writes its next attempt as fetch time + interval, and that next
    /// attempt is the due time this poll answers. Unknown after a failure (the due time is a backoff) or without a due time.
    /// </summary>
    private static TimeSpan? PlannedInterval(Source source, DateTimeOffset dueAt) =>
        source.Crawl is { ConsecutiveFailures: 0, LastSuccessAt: { } succeededAt } && dueAt > succeededAt ? dueAt - succeededAt : null;

    private async Task RecordFailureAsync(ConsumeContext context, HeldCrawlClaim claim, string error, TimeSpan? retryAfter)
    {
        var source = claim.Claim.Source;
        var now = time.GetUtcNow();
        var failures = source.Crawl.ConsecutiveFailures + 1;
        var next = now + Backoff.After(source.PollInterval, failures, options.Value.MaxBackoff, retryAfter);
        int recorded;
        try
        {
            var failure = new FetchFailure(error, now, next);
            if (await claim.EndWithAsync(token => sources.RecordFetchFailureAsync(source.Id, failure with { ClaimToken = token }, context.CancellationToken)) is not { } count)
            {
                logger.LogWarning("Source {SourceId}: this crawl's claim was taken over before it finished; its error ({Error}) is dropped", source.Id, error);
                return;
            }

            recorded = count;
        }
        catch (KeyNotFoundException)
        {
            logger.LogInformation("Source {SourceId} was deleted while it was being crawled; its error ({Error}) is dropped", source.Id, error);
            return;
        }

        logger.LogWarning("Source {SourceId} failed ({Failures} in a row), next attempt {Next:u}: {Error}", source.Id, recorded, next, error);
        await context.Publish(new SourceFetchFailed(source.Id, error, recorded, next, now), context.CancellationToken);
    }
}
