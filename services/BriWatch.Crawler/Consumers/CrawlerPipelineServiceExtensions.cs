using BriWatch.Crawler.Extraction;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Items;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.WebSub;
using BriWatch.ServiceDefaults.Networking;
using BriWatch.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Consumers;

public static class CrawlerPipelineServiceExtensions
{
    /// <summary>
    /// What polls and WebSub pushes share: this replica's identity, reading sources, item announcing (with article page text)
    /// and the outbox relay that publishes the announcements, subscribing, the hub client and the callback handlers. Needs
    /// the stores, a bus and <see cref="CrawlerServiceExtensions.AddCrawlerHttpClient"/>.
    /// </summary>
    public static IServiceCollection AddCrawlerPipeline(this IServiceCollection services)
    {
        services.AddArticleExtraction();
        services.TryAddSingleton<ReplicaIdentity>();
        services.TryAddSingleton<ArticlePageReader>();
        services.TryAddSingleton<ItemAnnouncer>();
        services.AddOutboxRelay(CrawlerTelemetry.Name);
        services.TryAddTransient<SourceReader>();
        services.TryAddScoped<WebSubSubscriber>();
        services.TryAddScoped<WebSubCallbacks>();
        services.AddHttpClient<WebSubHubClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => FeedFetcher.CreateHandler(sp.GetRequiredService<IOptions<CrawlerOptions>>().Value))
            .AddHttpMessageHandler(() => new StaleConnectionRetryHandler());
        return services;
    }
}
