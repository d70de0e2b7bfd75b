using System.Diagnostics;
using BriWatch.Contracts;
using BriWatch.Storage.Leases;
using BriWatch.Storage.Sources;
using MassTransit;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriWatch.Crawler.Scheduling;

/// <summary>
/// Every tick, if this replica holds the scheduler lease (one scheduler among any number of replicas; a dead holder's
/// lease lapses after <see cref="CrawlerOptions.SchedulerLease"/>), claims the sources whose next attempt is due and publishes one <see cref="CrawlSource"/> for each.
/// The claim pushes the source's next attempt forward by a lease, so overlapping ticks and replicas never send a source twice
/// for one due time, and skips sources a running crawl holds (however long it runs); the consumer then sets the real next attempt.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduleDueSourcesJob(
    ISourceStore sources,
    ILeaseStore leases,
    ReplicaIdentity identity,
    IPublishEndpoint publish,
    IOptions<CrawlerOptions> options,
    TimeProvider time,
    ILogger<ScheduleDueSourcesJob> logger) : IJob
{
    public const string LeaseName = "crawler-scheduler";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await leases.TryAcquireAsync(LeaseName, identity.Holder, now, options.Value.SchedulerLease, cancellationToken))
        {
            return;
        }

        var due = await sources.ClaimDueAsync(now, options.Value.ClaimLease, options.Value.MaxSourcesPerTick, cancellationToken);
        foreach (var (source, dueAt) in due)
        {
            // A root activity per poll (not a child of the Quartz tick): the source's fetch, classification and alerts
            // then share one trace of their own.
            Activity.Current = null;
            using var activity = CrawlerTelemetry.Source.StartActivity("poll source", ActivityKind.Producer);
            activity?.SetTag("briwatch.source.id", source.Id);
            activity?.SetTag("briwatch.source.due_at", dueAt.ToString("O"));
            await publish.Publish(new CrawlSource(source.Id, dueAt), cancellationToken);
        }

        if (due.Count > 0)
        {
            logger.LogDebug("Scheduled {Count} due sources", due.Count);
        }
    }
}
