using System.Diagnostics;
using System.Diagnostics.Metrics;
using BriWatch.Alerting.Alerts;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Alerting.Dispatch;

/// <summary>
/// The retry backlog and the oldest pending delivery's age, read from the delivery store when metrics are collected, so
/// every replica reports the shared store's state and nothing has to be kept in step. Both gauges share one read per
/// collection. The meter comes from the host's <see cref="IMeterFactory"/>, so it (and its callbacks into this host's
/// store) ends with the host.
/// </summary>
public sealed class DeliveryBacklogGauges : IHostedService
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(1);

    private readonly IDeliveryStore deliveries;
    private readonly TimeProvider time;
    private readonly ILogger<DeliveryBacklogGauges> logger;
    private readonly Meter meter;
    private readonly Lock gate = new();
    private (long ReadAt, PendingBacklog? Backlog) snapshot = (0, null);

    public DeliveryBacklogGauges(IDeliveryStore deliveries, TimeProvider time, IMeterFactory meters, ILogger<DeliveryBacklogGauges> logger)
    {
        this.deliveries = deliveries;
        this.time = time;
        this.logger = logger;
        meter = meters.Create(AlertingTelemetry.SourceName);
        meter.CreateObservableGauge(
            "briwatch.alerting.retry.backlog", ObserveRetrying,
            "{delivery}", "Pending deliveries that failed an attempt and wait for a retry.");
        meter.CreateObservableGauge(
            "briwatch.alerting.pending.oldest_age", ObserveOldestAge,
            "s", "Age of the oldest pending delivery; 0 when nothing is pending.");
    }

    // The instruments exist from construction; resolving this service at start-up is all the hosting needs to do.
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> ObserveRetrying() =>
        Read() is { } backlog ? [new Measurement<long>(backlog.Retrying)] : [];

    private IEnumerable<Measurement<double>> ObserveOldestAge() =>
        Read() is { } backlog ? [new Measurement<double>(backlog.OldestCreatedAt is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0)] : [];

    /// <summary>The backlog, read at most once per <see cref="SnapshotLifetime"/>; null (no measurement) when the store cannot answer.</summary>
    private PendingBacklog? Read()
    {
        lock (gate)
        {
            if (snapshot.Backlog is not null && Stopwatch.GetElapsedTime(snapshot.ReadAt) < SnapshotLifetime)
            {
                return snapshot.Backlog;
            }

            try
            {
                // Collection callbacks are synchronous; the read is two indexed aggregates, bounded by a timeout.
                using var timeout = new CancellationTokenSource(ReadTimeout);
                var backlog = deliveries.GetPendingBacklogAsync(timeout.Token).GetAwaiter().GetResult();
                snapshot = (Stopwatch.GetTimestamp(), backlog);
                return backlog;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The delivery backlog gauges could not read the delivery store; they report nothing this collection");
                return null;
            }
        }
    }
}
