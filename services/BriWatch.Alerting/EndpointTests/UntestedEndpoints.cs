using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.EndpointTests;

/// <summary>
/// Finds the webhook endpoints of enabled subscriptions that this process has not seen yet and queues their test event.
/// Every endpoint not yet seen counts, however old its subscription: one owed a test event when the process stopped (a
/// crash before queueing it) gets it after the restart. The store creates each endpoint's test delivery once, so
/// endpoints already tested are not sent a second one.
/// </summary>
public sealed class UntestedEndpoints(ISubscriptionStore subscriptions, EndpointTestEvents tests, ILogger<UntestedEndpoints> logger) : IDisposable
{
    // Endpoints this process has queued a test for, so a run does not ask the store again about every endpoint it knows.
    private readonly HashSet<(string Id, string Url)> known = [];
    private readonly SemaphoreSlim running = new(1, 1);

    /// <summary>Queues the test event of every endpoint not seen before; returns how many were created.</summary>
    public async Task<int> QueueTestsAsync(CancellationToken cancellationToken)
    {
        await running.WaitAsync(cancellationToken);
        try
        {
            var created = 0;
            foreach (var subscription in await subscriptions.ListEnabledAsync(cancellationToken))
            {
                if (subscription.Webhook is not { Disabled: false } webhook || known.Contains((subscription.Id, webhook.Url)))
                {
                    continue;
                }

                try
                {
                    created += await tests.QueueAsync(subscription, cancellationToken) ? 1 : 0;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Not remembered as known, so the next run tries again; one endpoint's failure does not stop the others'.
                    logger.LogWarning(e, "Queueing the test event for the webhook endpoint of subscription {SubscriptionId} failed; it is retried at the next run", subscription.Id);
                    continue;
                }

                // Only after the test is queued: remembering it first would skip the endpoint for good after a failure.
                known.Add((subscription.Id, webhook.Url));
            }

            return created;
        }
        finally
        {
            running.Release();
        }
    }

    public void Dispose() => running.Dispose();
}
