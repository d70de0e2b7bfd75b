using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BriWatch.Storage;

/// <summary>Ready when the configured store answers a round trip.</summary>
public sealed class StorageHealthCheck(IStoragePing ping) : IHealthCheck
{
    public const string Name = "store";

    /// <summary>The readiness tag: the service defaults' <c>/health/ready</c> runs the checks carrying it.</summary>
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await ping.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Store unreachable: " + ex.Message, ex);
        }
    }
}

/// <summary>One cheap round trip to the store; throws when it is unreachable.</summary>
public interface IStoragePing
{
    Task PingAsync(CancellationToken cancellationToken);
}
