using BriWatch.Alerting.Matching;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriWatch.Alerting.Delivery;

/// <summary>
/// Runs the dispatcher every <c>Alerting:DispatchInterval</c>; one run at a time, since each run drains what is due.
/// Digests are assembled by their own triggers (<see cref="Digests.SendDigestJob"/>); this job sends and retries them
/// like any other delivery.
/// With endpoint test events on, it first refreshes a stale subscription index, which queues test events for new
/// endpoints even when no article arrives.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DispatchDueDeliveriesJob(SubscriptionIndexProvider subscriptions, DeliveryDispatcher dispatcher, IOptions<AlertingOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (options.Value.SendEndpointTestEvents)
        {
            await subscriptions.GetAsync(cancellationToken);
        }

        await dispatcher.DispatchDueAsync(cancellationToken);
    }
}
