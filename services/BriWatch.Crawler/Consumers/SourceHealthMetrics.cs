using System.Diagnostics.Metrics;
using BriWatch.Contracts;

namespace BriWatch.Crawler.Consumers;

/// <summary>
/// Counts sources turning unhealthy, from the crawler's <see cref="SourceStale"/> and <see cref="SourceFetchFailed"/>
/// events: what <c>briwatch.crawler.fetches</c> (every failed poll) does not tell an operator. Counters live as long as
/// the process, so remembering each source's last counted event per process makes a redelivered event count once.
/// The meter comes from the host's <see cref="IMeterFactory"/> and ends with the host.
/// </summary>
public sealed class SourceHealthMetrics
{
    private readonly Counter<long> wentStale;
    private readonly Counter<long> startedFailing;
    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> lastStale = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> lastFailureStreak = new(StringComparer.Ordinal);

    public SourceHealthMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(CrawlerTelemetry.Name);
        wentStale = meter.CreateCounter<long>("briwatch.crawler.sources.went_stale", "{source}", "Sources flagged stale (silent for twice their expected period), once per transition.");
        startedFailing = meter.CreateCounter<long>("briwatch.crawler.sources.started_failing", "{source}", "Sources whose polls started failing (the first failure after a success).");
    }

    public void Record(SourceStale stale)
    {
        if (FirstSeen(lastStale, stale.SourceId, stale.MarkedAt))
        {
            wentStale.Add(1);
        }
    }

    /// <summary>Counts a failure streak once, at its first failure; later failures are in <c>briwatch.crawler.fetches</c>.</summary>
    public void Record(SourceFetchFailed failed)
    {
        if (failed.ConsecutiveFailures == 1 && FirstSeen(lastFailureStreak, failed.SourceId, failed.FailedAt))
        {
            startedFailing.Add(1);
        }
    }

    // One entry per source: bounded by the source list, whatever the event rate.
    private bool FirstSeen(Dictionary<string, DateTimeOffset> last, string sourceId, DateTimeOffset at)
    {
        lock (gate)
        {
            if (last.TryGetValue(sourceId, out var counted) && counted >= at)
            {
                return false;
            }

            last[sourceId] = at;
            return true;
        }
    }
}
