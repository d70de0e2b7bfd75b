using BriWatch.Contracts;
using MassTransit;

namespace BriWatch.Crawler.Consumers;

/// <summary>Feeds <see cref="SourceFetchFailed"/> into <see cref="SourceHealthMetrics"/>; a redelivered event counts once.</summary>
public sealed class SourceFetchFailedConsumer(SourceHealthMetrics metrics) : IConsumer<SourceFetchFailed>
{
    public Task Consume(ConsumeContext<SourceFetchFailed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        metrics.Record(context.Message);
        return Task.CompletedTask;
    }
}
