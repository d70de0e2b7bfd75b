using BriWatch.Alerting.Alerts;
using Quartz;

namespace BriWatch.Alerting.EndpointTests;

/// <summary>
/// Queues the test events of new webhook endpoints (<see cref="UntestedEndpoints"/>), whether or not any article arrives;
/// the dispatch job then sends them. Registered only while <c>Alerting:SendEndpointTestEvents</c> is on.
/// </summary>
[DisallowConcurrentExecution]
public sealed class QueueEndpointTestsJob(UntestedEndpoints endpoints) : IJob
{
    /// <summary>
    /// As often as matching re-reads the subscriptions (<c>SubscriptionRefreshInterval</c>), which is when a new endpoint
    /// starts receiving alerts, and no more often than due deliveries are dispatched.
    /// </summary>
    public static TimeSpan Interval(AlertingOptions options) =>
        options.SubscriptionRefreshInterval > options.DispatchInterval ? options.SubscriptionRefreshInterval : options.DispatchInterval;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await endpoints.QueueTestsAsync(cancellationToken);
}
