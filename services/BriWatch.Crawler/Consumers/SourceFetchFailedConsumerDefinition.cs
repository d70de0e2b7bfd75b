using MassTransit;

namespace BriWatch.Crawler.Consumers;

/// <summary>Counting touches no store or network, so there is nothing to retry.</summary>
public sealed class SourceFetchFailedConsumerDefinition : ConsumerDefinition<SourceFetchFailedConsumer>
{
}
