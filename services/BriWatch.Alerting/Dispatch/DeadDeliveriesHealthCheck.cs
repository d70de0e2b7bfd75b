using BriWatch.Alerting.Alerts;
using BriWatch.Storage.Deliveries;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BriWatch.Alerting.Dispatch;

/// <summary>
/// Degraded when more than <see cref="AlertingOptions.DeadDeliveryThreshold"/> deliveries went dead (every attempt
/// failed) within <see cref="AlertingOptions.DeadDeliveryWindow"/>: alerts are being lost to subscribers until replayed.
/// </summary>
internal sealed class DeadDeliveriesHealthCheck(IDeliveryStore deliveries, IOptions<AlertingOptions> options, TimeProvider time) : IHealthCheck
{
    /// <summary>How many dead deliveries are read per check, newest first; enough to tell "some" from "none".</summary>
    private const int Sample = 500;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var window = options.Value.DeadDeliveryWindow;
        var since = time.GetUtcNow() - window;
        // A delivery goes dead at its last attempt, which also sets its NextAttemptAt (see DeliveryDispatcher).
        var recent = (await deliveries.ListAsync(null, DeliveryState.Dead, Sample, cancellationToken))
            .Where(d => d.NextAttemptAt >= since)
            .ToList();
        var threshold = options.Value.DeadDeliveryThreshold;
        if (recent.Count <= threshold)
        {
            return HealthCheckResult.Healthy($"{recent.Count} dead deliveries in the last {Window(window)}");
        }

        var latest = recent.MaxBy(d => d.NextAttemptAt)!;
        return HealthCheckResult.Degraded(
            $"{recent.Count} deliveries went dead in the last {Window(window)} (more than {threshold}); latest {latest.Id} to {latest.Channel} {latest.Target}: {latest.LastError}");
    }

    private static string Window(TimeSpan window) =>
        window >= TimeSpan.FromHours(1) ? $"{window.TotalHours:0.#} h"
        : window >= TimeSpan.FromMinutes(1) ? $"{window.TotalMinutes:0.#} min"
        : $"{window.TotalSeconds:0.#} s";
}
