using System.Collections.Concurrent;
using BriWatch.Alerting.Delivery;
using BriWatch.Matching.Query;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Options;

namespace BriWatch.Alerting.Matching;

/// <summary>
/// Holds the current <see cref="SubscriptionIndex"/>, rebuilt from the store when older than
/// <c>Alerting:SubscriptionRefreshInterval</c>, so matching does not read every subscription per article.
/// Each rebuild also queues a test event for webhook endpoints it has not seen before.
/// </summary>
public sealed class SubscriptionIndexProvider(
    ISubscriptionStore store,
    EndpointTestEvents endpointTests,
    TimeProvider time,
    IOptions<AlertingOptions> options,
    ILogger<SubscriptionIndexProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim rebuild = new(1, 1);
    private readonly ConcurrentDictionary<(string Id, string Error), bool> reportedInvalid = new();

    // Endpoints this process has seen; the store's idempotent create makes the test event once-only across restarts.
    private readonly HashSet<(string Id, string Url)> knownEndpoints = [];
    private SubscriptionIndex index = SubscriptionIndex.Empty;
    private DateTimeOffset? builtAt;

    public async Task<SubscriptionIndex> GetAsync(CancellationToken cancellationToken)
    {
        if (IsFresh())
        {
            return index;
        }

        await rebuild.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh())
            {
                var now = time.GetUtcNow();
                var enabled = await store.ListEnabledAsync(cancellationToken);
                index = SubscriptionIndexBuilder.Build(enabled, (subscription, error) =>
                {
                    // Once per subscription and problem: the index is rebuilt every refresh interval.
                    if (reportedInvalid.TryAdd((subscription.Id, error.Message), true))
                    {
                        logger.LogError(
                            "Subscription {SubscriptionId} is not matched: {Problem}: {Error}",
                            subscription.Id,
                            error is QueryParseException ? "its query does not parse" : "its record is malformed",
                            error.Message);
                    }
                });
                if (options.Value.SendEndpointTestEvents)
                {
                    await QueueEndpointTestsAsync(enabled, cancellationToken);
                }

                builtAt = now;
            }

            return index;
        }
        finally
        {
            rebuild.Release();
        }
    }

    public void Dispose() => rebuild.Dispose();

    private async Task QueueEndpointTestsAsync(IReadOnlyList<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        foreach (var subscription in subscriptions)
        {
            if (subscription.Webhook is not { Disabled: false } webhook || knownEndpoints.Contains((subscription.Id, webhook.Url)))
            {
                continue;
            }

            // Every endpoint this process has not seen yet, however old its subscription: one owed a test event when
            // the process stopped (a crash before queueing it) gets it after the restart. The store creates each
            // endpoint's test delivery once, so endpoints already tested are not sent a second one.
            try
            {
                await endpointTests.QueueAsync(subscription, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not remembered as known, so the next rebuild tries again; a test event is no reason to stop matching.
                logger.LogWarning(e, "Queueing the test event for the webhook endpoint of subscription {SubscriptionId} failed; it is retried at the next refresh", subscription.Id);
                continue;
            }

            // Only after the test is queued: remembering it first would skip the endpoint for good after a failure.
            knownEndpoints.Add((subscription.Id, webhook.Url));
        }
    }

    private bool IsFresh()
    {
        var refresh = options.Value.SubscriptionRefreshInterval;
        return builtAt is { } at && refresh > TimeSpan.Zero && time.GetUtcNow() - at < refresh;
    }
}
