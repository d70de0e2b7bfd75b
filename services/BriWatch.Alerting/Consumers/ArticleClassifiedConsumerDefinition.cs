using MassTransit;

namespace BriWatch.Alerting.Consumers;

public sealed class ArticleClassifiedConsumerDefinition : ConsumerDefinition<ArticleClassifiedConsumer>
{
    public ArticleClassifiedConsumerDefinition()
    {
        // The queue name comes from the bus's formatter, so Bus:EndpointPrefix applies to it.
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ArticleClassifiedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Store hiccups are retried; a malformed message goes straight to the error queue, where it stays visible.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<ArgumentException>();
            r.Intervals(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        });
    }
}
