using BriWatch.Storage.DailyCaps;
using Quartz;

namespace BriWatch.Alerting.Dispatch;

/// <summary>
/// Forgets daily-cap counts once no subscriber's local day can still need them: a local day ends at most 38 hours
/// after it began in UTC (a UTC+14 zone's day starts 14 h early), so counts older than three days are past use.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PurgeDailyCapCountsJob(IDailyCapStore dailyCaps, TimeProvider time, ILogger<PurgeDailyCapCountsJob> logger) : IJob
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(3);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var purged = await dailyCaps.PurgeCountedBeforeAsync(time.GetUtcNow() - KeptFor, cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Forgot {Count} daily-cap counts older than {KeptFor}", purged, KeptFor);
        }
    }
}
