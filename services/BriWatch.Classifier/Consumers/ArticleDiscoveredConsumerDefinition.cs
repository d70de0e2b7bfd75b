using MassTransit;

namespace BriWatch.Classifier.Consumers;

public sealed class ArticleDiscoveredConsumerDefinition : ConsumerDefinition<ArticleDiscoveredConsumer>
{
    public ArticleDiscoveredConsumerDefinition()
    {
        // Classification is CPU-bound; more than a couple per core only queues in the thread pool.
        ConcurrentMessageLimit = Environment.ProcessorCount * 2;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ArticleDiscoveredConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Store hiccups are retried; a message that can never be classified goes to the error queue at once.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<InvalidArticleException>();
            r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
        });
    }
}
