using BriWatch.Alerting.Digests;
using BriWatch.Alerting.Matching;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriWatch.Alerting.Delivery;

/// <summary>
/// Runs the dispatcher every <c>Alerting:DispatchInterval</c>; one run at a time, since each run drains what is due.
/// Each run first turns due digests into deliveries, so this recurring Quartz job is also what sends digests at their
/// local times: a digest goes out within one interval of its time.
/// With endpoint test events on, it first refreshes a stale subscription index, which queues test events for new
/// endpoints even when no article arrives.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DispatchDueDeliveriesJob(SubscriptionIndexProvider subscriptions, DigestAssembler digests, DeliveryDispatcher dispatcher, IOptions<AlertingOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (options.Value.SendEndpointTestEvents)
        {
            await subscriptions.GetAsync(cancellationToken);
        }

        await digests.AssembleDueAsync(cancellationToken);
        await dispatcher.DispatchDueAsync(cancellationToken);
    }
}
