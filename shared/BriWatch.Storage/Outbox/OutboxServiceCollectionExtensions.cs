using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BriWatch.Storage.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The outbox relay (with its sweep), its wake-up signal and its gauges on <paramref name="meterName"/>, the calling
    /// service's meter. Safe to call once per service in one process: the first call wins, so the all-in-one host runs
    /// one relay for all its stages. Needs storage (<see cref="StorageServiceCollectionExtensions.AddBriWatchStorage"/>) and a bus.
    /// </summary>
    public static IServiceCollection AddOutboxRelay(this IServiceCollection services, string meterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(meterName);
        if (services.Any(d => d.ServiceType == typeof(OutboxRelay)))
        {
            return services;
        }

        services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.Section)
            .Validate(o => OutboxOptions.Error(o) is null, $"Invalid {OutboxOptions.Section} options: RedeliverAfter and PollInterval must be positive, BatchSize at least 1")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<OutboxSignal>();
        services.AddSingleton(new OutboxMeter(meterName));
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        services.AddHostedService<OutboxGauges>();
        return services;
    }
}
