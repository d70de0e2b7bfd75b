using Quartz;

namespace BriWatch.Alerting.Digests;

/// <summary>
/// Reconciles the digest triggers with the stored subscriptions and held items at start-up and every
/// <c>Alerting:DigestTriggerSyncInterval</c>: the API (another process) creates, changes and deletes subscriptions, and
/// Quartz keeps triggers in memory only, so this is how a new schedule takes effect and a restart re-arms every digest.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SyncDigestTriggersJob(DigestTriggerSync sync) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sync.SyncAllAsync(cancellationToken);
}
