using System.Security.Cryptography;
using BriWatch.Crawler.Fetching;
using BriWatch.Storage.Sources;
using BriWatch.Storage.WebSub;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.WebSub;

/// <summary>The poll side of WebSub: subscribes to hubs that fetched documents advertise, and slows polling while pushes flow.</summary>
public sealed class WebSubSubscriber(
    IWebSubSubscriptionStore subscriptions,
    WebSubHubClient hub,
    IOptions<CrawlerOptions> options,
    TimeProvider time,
    ILogger<WebSubSubscriber> logger)
{
    /// <summary>
    /// Called after a successful poll with the interval the planner chose: subscribes when the document advertises a hub and a
    /// topic and the source has no subscription to them yet (or its last attempt is older than the retry interval), and
    /// returns the interval stretched to the backup poll while a subscription is live. A document whose WebSub links cannot be
    /// read, or a hub client that fails unexpectedly, costs the subscription (with a warning), never the poll; store errors
    /// and cancellation propagate.
    /// </summary>
    /// <param name="document">The fetch of the source's own URL.</param>
    /// <param name="discoveredFeed">The feed <paramref name="document"/> (an HTML page) advertised, when the items came from it.</param>
    public async Task<(TimeSpan Interval, string? Warning)> AfterFetchAsync(Source source, FetchedDocument document, FetchedDocument? discoveredFeed, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(document);
        var settings = options.Value.WebSub;
        if (!settings.Enabled)
        {
            return (interval, null);
        }

        var now = time.GetUtcNow();
        var current = await subscriptions.GetBySourceAsync(source.Id, cancellationToken);
        // The feed is what the crawler reads and what a hub would push, so its hub and topic win; the page's are the fallback.
        WebSubLinks links;
        try
        {
            links = discoveredFeed is not null && WebSubLinks.Find(discoveredFeed) is { CanSubscribe: true } feedLinks
                ? feedLinks
                : WebSubLinks.Find(document);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            logger.LogError(ex, "Source {SourceId}: WebSub links of {Url} could not be read", source.Id, document.Url);
            return (Stretched(current, interval, now), $"WebSub hub links could not be read: {ex.GetType().Name}: {ex.Message}");
        }

        if (links.CanSubscribe && NeedsRequest(current, links.Hubs[0], links.Self!, now, settings.RetryInterval))
        {
            current = await SubscribeAsync(source.Id, links.Hubs[0], links.Self!, cancellationToken);
        }

        return (Stretched(current, interval, now), null);
    }

    private TimeSpan Stretched(WebSubSubscription? current, TimeSpan interval, DateTimeOffset now) =>
        current?.IsLive(now) == true && interval < options.Value.WebSub.BackupPollInterval ? options.Value.WebSub.BackupPollInterval : interval;

    private static bool NeedsRequest(WebSubSubscription? current, Uri hubUrl, Uri topic, DateTimeOffset now, TimeSpan retryInterval) =>
        current is null
        || current.Hub != hubUrl.AbsoluteUri
        || current.Topic != topic.AbsoluteUri
        // Active ones are the renewal job's; unanswered or denied ones are retried now and then, not on every poll.
        || (current.State != WebSubState.Active && now - current.UpdatedAt >= retryInterval);

    private async Task<WebSubSubscription> SubscribeAsync(string sourceId, Uri hubUrl, Uri topic, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var subscription = new WebSubSubscription(
            sourceId,
            hubUrl.AbsoluteUri,
            topic.AbsoluteUri,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            WebSubState.Pending,
            null,
            null,
            null,
            now,
            now);

        // Stored before asking: the hub may verify the callback before it even answers the request.
        await subscriptions.SaveRequestAsync(subscription, cancellationToken);
        string? error;
        try
        {
            error = await hub.SubscribeAsync(subscription, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // Treated like a refusal: the stored request is retried after the retry interval.
            error = $"unexpected {ex.GetType().Name}: {ex.Message}";
        }

        if (error is not null)
        {
            logger.LogWarning("Source {SourceId}: WebSub subscription to {Hub} for {Topic} failed, retried later: {Error}", sourceId, subscription.Hub, subscription.Topic, error);
            await subscriptions.RecordAsync(sourceId, $"subscription request to hub {subscription.Hub} for {subscription.Topic} failed, retried later: {error}", time.GetUtcNow(), logger, cancellationToken);
        }
        else
        {
            logger.LogInformation("Source {SourceId}: asked {Hub} to push {Topic}", sourceId, subscription.Hub, subscription.Topic);
        }

        return subscription;
    }
}
