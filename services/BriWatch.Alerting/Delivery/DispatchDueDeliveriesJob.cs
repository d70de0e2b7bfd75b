using Quartz;

namespace BriWatch.Alerting.Delivery;

/// <summary>Runs the dispatcher every <c>Alerting:DispatchInterval</c>; one run at a time, since each run drains what is due.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchDueDeliveriesJob(DeliveryDispatcher dispatcher) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await dispatcher.DispatchDueAsync(cancellationToken);
    }
}
