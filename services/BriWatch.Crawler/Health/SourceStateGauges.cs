using System.Diagnostics;
using System.Diagnostics.Metrics;
using BriWatch.Storage.Sources;

namespace BriWatch.Crawler.Health;

/// <summary>
/// How many sources are enabled, and how many of them are stale or failing, read from the source store when metrics are collected:
/// every replica reports the shared store's state, and a source that recovers leaves the gauge at once (the
/// <c>went_stale</c> and <c>started_failing</c> counters only count transitions). No tags: one series each, whatever the
/// number of sources. The meter comes from the host's <see cref="IMeterFactory"/>, so it ends with the host.
/// </summary>
public sealed class SourceStateGauges : IHostedService
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(1);

    private readonly ISourceStore sources;
    private readonly ILogger<SourceStateGauges> logger;
    private readonly Lock gate = new();
    private (long ReadAt, SourceCounts? Counts) snapshot = (0, null);

    public SourceStateGauges(ISourceStore sources, IMeterFactory meters, ILogger<SourceStateGauges> logger)
    {
        this.sources = sources;
        this.logger = logger;
        var meter = meters.Create(CrawlerTelemetry.Name);
        meter.CreateObservableGauge(
            "briwatch.crawler.sources.enabled", () => Observe(c => c.Enabled),
            "{source}", "Enabled sources: what the stale and failing counts are out of.");
        meter.CreateObservableGauge(
            "briwatch.crawler.sources.stale", () => Observe(c => c.Stale),
            "{source}", "Enabled sources currently stale: no new item for twice their expected period.");
        meter.CreateObservableGauge(
            "briwatch.crawler.sources.failing", () => Observe(c => c.Failing),
            "{source}", "Enabled sources whose last poll failed.");
    }

    // The instruments exist from construction; resolving this service at start-up is all the hosting needs to do.
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> Observe(Func<SourceCounts, long> value) =>
        Read() is { } counts ? [new Measurement<long>(value(counts))] : [];

    /// <summary>The counts, read at most once per <see cref="SnapshotLifetime"/>; null (no measurement) when the store cannot answer.</summary>
    private SourceCounts? Read()
    {
        lock (gate)
        {
            if (snapshot.Counts is not null && Stopwatch.GetElapsedTime(snapshot.ReadAt) < SnapshotLifetime)
            {
                return snapshot.Counts;
            }

            try
            {
                // Collection callbacks are synchronous; the source list is small (an operator's list of feeds) and bounded by a timeout.
                using var timeout = new CancellationTokenSource(ReadTimeout);
                var enabled = sources.ListAsync(timeout.Token).GetAwaiter().GetResult().Where(s => s.Enabled).ToList();
                var counts = new SourceCounts(enabled.Count, enabled.Count(s => s.Crawl.Stale), enabled.Count(s => s.Crawl.ConsecutiveFailures > 0));
                snapshot = (Stopwatch.GetTimestamp(), counts);
                return counts;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The source state gauges could not read the source store; they report nothing this collection");
                return null;
            }
        }
    }

    private sealed record SourceCounts(long Enabled, long Stale, long Failing);
}
