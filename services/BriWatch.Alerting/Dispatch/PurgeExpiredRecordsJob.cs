using BriWatch.Alerting.Alerts;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Retention;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriWatch.Alerting.Dispatch;

/// <summary>
/// Deletes the deliveries alerting owns once past <c>Retention:Deliveries</c>: delivered, failed and dead ones, never a
/// pending one (the store checks), in batches.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PurgeExpiredRecordsJob(
    IDeliveryStore deliveries,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<PurgeExpiredRecordsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var retention = options.Value;
        var now = time.GetUtcNow();
        var purged = await PurgeBatches.RunAsync(
            (max, ct) => deliveries.PurgeExpiredAsync(now, retention.Deliveries, max, ct), retention.PurgeBatchSize, cancellationToken);
        AlertingTelemetry.RecordPurged("delivery", purged);
        if (purged > 0)
        {
            logger.LogInformation("Purged {Count} settled deliveries older than {Retention}", purged, retention.Deliveries);
        }
    }
}
