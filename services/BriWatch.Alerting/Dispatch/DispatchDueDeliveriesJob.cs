using Quartz;

namespace BriWatch.Alerting.Dispatch;

/// <summary>
/// Runs the dispatcher every <c>Alerting:DispatchInterval</c>; one run at a time, since each run drains what is due.
/// Digests are assembled by their own triggers and endpoint test events queued by their own job; this job sends and
/// retries them like any other delivery.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DispatchDueDeliveriesJob(DeliveryDispatcher dispatcher) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dispatcher.DispatchDueAsync(cancellationToken);
}
