using BriWatch.Contracts;
using MassTransit;

namespace BriWatch.Crawler.Consumers;

/// <summary>Feeds <see cref="SourceStale"/> into <see cref="SourceHealthMetrics"/>; a redelivered event counts once.</summary>
public sealed class SourceStaleConsumer(SourceHealthMetrics metrics) : IConsumer<SourceStale>
{
    public Task Consume(ConsumeContext<SourceStale> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        metrics.Record(context.Message);
        return Task.CompletedTask;
    }
}
