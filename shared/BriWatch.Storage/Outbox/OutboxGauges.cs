using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BriWatch.Storage.Outbox;

/// <summary>
/// The outbox backlog, read from the store when metrics are collected (at most once a second), so every replica reports
/// the shared store's state: <c>briwatch.outbox.pending</c> and <c>briwatch.outbox.pending.oldest_age</c> (seconds
/// since the oldest unfinished event was recorded; 0 when none). On the meter of the service that registered the relay.
/// </summary>
public sealed class OutboxGauges : IHostedService
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(1);

    private readonly IOutboxStore outbox;
    private readonly TimeProvider time;
    private readonly ILogger<OutboxGauges> logger;
    private readonly Lock gate = new();
    private (long ReadAt, OutboxBacklog? Backlog) snapshot = (0, null);

    public OutboxGauges(IOutboxStore outbox, TimeProvider time, IMeterFactory meters, OutboxMeter meter, ILogger<OutboxGauges> logger)
    {
        this.outbox = outbox;
        this.time = time;
        this.logger = logger;
        var instruments = meters.Create(meter.Name);
        instruments.CreateObservableGauge("briwatch.outbox.pending", ObservePending, "{event}", "Events recorded whose consumer has not finished with them.");
        instruments.CreateObservableGauge("briwatch.outbox.pending.oldest_age", ObserveOldestAge, "s", "Age of the oldest unfinished outbox event; 0 when none.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> ObservePending() =>
        Read() is { } backlog ? [new Measurement<long>(backlog.Pending)] : [];

    private IEnumerable<Measurement<double>> ObserveOldestAge() =>
        Read() is { } backlog ? [new Measurement<double>(backlog.OldestCreatedAt is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0)] : [];

    private OutboxBacklog? Read()
    {
        lock (gate)
        {
            if (snapshot.Backlog is not null && Stopwatch.GetElapsedTime(snapshot.ReadAt) < SnapshotLifetime)
            {
                return snapshot.Backlog;
            }

            try
            {
                // Collection callbacks are synchronous; the read is a count and an indexed minimum, bounded by a timeout.
                using var timeout = new CancellationTokenSource(ReadTimeout);
                var backlog = outbox.GetBacklogAsync(timeout.Token).GetAwaiter().GetResult();
                snapshot = (Stopwatch.GetTimestamp(), backlog);
                return backlog;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The outbox gauges could not read the store; they report nothing this collection");
                return null;
            }
        }
    }
}

/// <summary>The meter name the outbox gauges report on: the service's own (<c>BriWatch.&lt;Service&gt;</c>).</summary>
public sealed record OutboxMeter(string Name);
