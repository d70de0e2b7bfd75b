using System.Collections.Concurrent;
using BriWatch.Alerting.Alerts;
using BriWatch.Matching.Indexing;
using BriWatch.Matching.Query;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Options;

namespace BriWatch.Alerting.Matching;

/// <summary>
/// Holds the current <see cref="SubscriptionIndex"/>, rebuilt from the store when older than
/// <c>Alerting:SubscriptionRefreshInterval</c>, so matching does not read every subscription per article. Disabled
/// subscriptions are indexed too: their matches are recorded as failed deliveries saying why, never skipped silently.
/// </summary>
public sealed class SubscriptionIndexProvider(
    ISubscriptionStore store,
    TimeProvider time,
    IOptions<AlertingOptions> options,
    ILogger<SubscriptionIndexProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim rebuild = new(1, 1);
    private readonly ConcurrentDictionary<(string Id, string Error), bool> reportedInvalid = new();
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
                var all = await store.ListAsync(null, cancellationToken);
                index = SubscriptionIndexBuilder.Build(all, (subscription, error) =>
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

    private bool IsFresh()
    {
        var refresh = options.Value.SubscriptionRefreshInterval;
        return builtAt is { } at && refresh > TimeSpan.Zero && time.GetUtcNow() - at < refresh;
    }
}
