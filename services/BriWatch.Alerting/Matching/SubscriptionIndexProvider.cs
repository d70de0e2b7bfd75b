using System.Collections.Concurrent;
using BriWatch.Alerting.Delivery;
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
    private readonly ConcurrentDictionary<(string Id, string Query), bool> reportedInvalid = new();

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
                    if (reportedInvalid.TryAdd((subscription.Id, subscription.Query!), true))
                    {
                        logger.LogError("Subscription {SubscriptionId} is not matched: its query does not parse: {Error}", subscription.Id, error.Message);
                    }
                });
                if (options.Value.SendEndpointTestEvents)
                {
                    await QueueEndpointTestsAsync(enabled, firstBuild: builtAt is null, now, cancellationToken);
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

    private async Task QueueEndpointTestsAsync(IReadOnlyList<Subscription> subscriptions, bool firstBuild, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var subscription in subscriptions)
        {
            if (subscription.Webhook is not { Disabled: false } webhook || !knownEndpoints.Add((subscription.Id, webhook.Url)))
            {
                continue;
            }

            // After a start, only recently changed subscriptions can still be owed a test; this avoids one store
            // round trip per subscription at every start.
            if (!firstBuild || subscription.UpdatedAt >= now - TimeSpan.FromDays(1))
            {
                await endpointTests.QueueAsync(subscription, cancellationToken);
            }
        }
    }

    private bool IsFresh()
    {
        var refresh = options.Value.SubscriptionRefreshInterval;
        return builtAt is { } at && refresh > TimeSpan.Zero && time.GetUtcNow() - at < refresh;
    }
}
