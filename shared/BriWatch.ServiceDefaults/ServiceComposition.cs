using Microsoft.Extensions.Hosting;

namespace BriWatch.ServiceDefaults;

/// <summary>
/// What the services in one process contribute to the single bus and the single scheduler.
/// MassTransit and Quartz are each configured once per process, so services add to this list and
/// <see cref="HostingExtensions.AddBusAndScheduler"/> registers everything in one go; the all-in-one host
/// thereby runs four services on one bus without any service knowing about the others.
/// </summary>
public sealed class ServiceComposition
{
    internal List<(Type Consumer, Type? Definition)> Consumers { get; } = [];

    internal List<RecurringJob> Jobs { get; } = [];

    internal static ServiceComposition Of(IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryGetValue(typeof(ServiceComposition), out var value))
        {
            value = new ServiceComposition();
            builder.Properties[typeof(ServiceComposition)] = value;
        }

        return (ServiceComposition)value;
    }
}

internal sealed record RecurringJob(Type JobType, string Name, TimeSpan Interval);
