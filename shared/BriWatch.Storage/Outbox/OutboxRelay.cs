using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriWatch.Storage.Outbox;

/// <summary>
/// Publishes the outbox's due events: new ones as soon as this process's <see cref="OutboxSignal"/> fires (else within
/// <see cref="OutboxOptions.PollInterval"/>), and, as the sweep, every event still unfinished by its consumer
/// <see cref="OutboxOptions.RedeliverAfter"/> after it was last published. Claiming makes each event due again at that
/// time before it is published, so a crash anywhere (before the publish, after it while the message sits in an
/// in-memory bus, or in the consumer) is followed by another publish; only the consumer's completion ends it.
/// </summary>
public sealed class OutboxRelay(
    IOutboxStore outbox,
    IBusControl bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store or bus is unavailable: the events stay pending and the next pass tries again.
                logger.LogWarning(ex, "The outbox relay could not publish due events; retrying in {Interval}", options.Value.PollInterval);
            }

            await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
        }
    }

    /// <summary>
    /// Publishes every event due now, in batches; returns how many were published. Claims nothing while the bus is down
    /// or not yet started (hosted services start in order, the bus after the services), so no event waits out
    /// <see cref="OutboxOptions.RedeliverAfter"/> for a publish that could not happen.
    /// </summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        if (bus.CheckHealth().Status == BusHealthStatus.Unhealthy)
        {
            return 0;
        }

        var settings = options.Value;
        var published = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var batch = await outbox.ClaimDueAsync(now, now + settings.RedeliverAfter, settings.BatchSize, cancellationToken);
            foreach (var message in batch)
            {
                published += await PublishAsync(message, cancellationToken) ? 1 : 0;
            }

            if (batch.Count < settings.BatchSize)
            {
                return published;
            }
        }
    }

    private async Task<bool> PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        object payload;
        Type type;
        try
        {
            type = Type.GetType(message.Type, throwOnError: true)!;
            payload = JsonSerializer.Deserialize(message.Payload, type, OutboxEvents.Json)
                ?? throw new JsonException("The payload is JSON null.");
        }
        catch (Exception ex) when (ex is TypeLoadException or FileNotFoundException or JsonException or NotSupportedException or ArgumentException)
        {
            // Not dropped: it stays in the outbox (and in the pending gauge) and is retried after RedeliverAfter, e.g. once
            // a process that knows the type runs.
            logger.LogError(ex, "Outbox event {Id} of type {Type} cannot be read; it stays pending (publication {Publications})", message.Id, message.Type, message.Publications);
            return false;
        }

        if (message.Publications > 1)
        {
            logger.LogInformation("Outbox event {Id} was not finished by its consumer in time; publishing it again (publication {Publications})", message.Id, message.Publications);
        }

        // The publish continues the trace of the step that recorded the event: MassTransit's send activity takes the
        // current one as its parent and carries it to the consumer.
        using var recorded = ActivityContext.TryParse(message.TraceParent, null, out var parent)
            ? new Activity("outbox publish").SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags).Start()
            : null;
        await bus.Publish(payload, type, Pipe.Execute<PublishContext>(context => context.Headers.Set(OutboxEvents.IdHeader, message.Id)), cancellationToken);
        return true;
    }
}
