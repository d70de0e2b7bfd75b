using MassTransit;

namespace BriWatch.Crawler.Consumers;

/// <summary>
/// Fetch failures are handled inside the consumer (recorded on the source with backoff), so retries here only cover
/// infrastructure blips such as a locked database. Concurrency bounds how many sources one replica fetches at once.
/// </summary>
public sealed class CrawlSourceConsumerDefinition : ConsumerDefinition<CrawlSourceConsumer>
{
    public CrawlSourceConsumerDefinition()
    {
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CrawlSourceConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
    }
}
