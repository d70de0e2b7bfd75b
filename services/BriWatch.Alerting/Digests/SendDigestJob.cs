using BriWatch.Alerting.Dispatch;
using Quartz;

namespace BriWatch.Alerting.Digests;

/// <summary>
/// Runs when a subscription's digest trigger fires (<see cref="DigestTriggers"/>): turns its due held items into digest
/// deliveries, re-arms the trigger for the next digest, then sends what is due, so the digest leaves at its local time.
/// A run that fails before re-arming leaves no trigger; the next <see cref="SyncDigestTriggersJob"/> arms it again with
/// the items still due, so the digest is retried within <c>Alerting:DigestTriggerSyncInterval</c>.
/// </summary>
public sealed class SendDigestJob(DigestAssembler assembler, DigestTriggerSync triggers, DeliveryDispatcher dispatcher) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var subscriptionId = context.MergedJobDataMap.GetString(DigestTriggers.SubscriptionIdKey)
            ?? throw new JobExecutionException($"Trigger {context.Trigger.Key} carries no {DigestTriggers.SubscriptionIdKey}.");
        await assembler.AssembleDueAsync(subscriptionId, cancellationToken);
        await triggers.SyncAsync(subscriptionId, cancellationToken);
        await dispatcher.DispatchDueAsync(cancellationToken);
    }
}
