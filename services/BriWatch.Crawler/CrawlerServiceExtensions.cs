using BriWatch.Crawler.Consumers;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Health;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.Seeds;
using BriWatch.Crawler.WebSub;
using BriWatch.ServiceDefaults;
using BriWatch.ServiceDefaults.Networking;
using BriWatch.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler;

public static class CrawlerServiceExtensions
{
    /// <summary>The crawler: its stores, seed loading, the typed feed HttpClient, the <c>CrawlSource</c> consumer, the scheduler and staleness jobs.</summary>
    public static IHostApplicationBuilder AddCrawlerServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Read once at registration too: the job intervals below are needed before there is a container to ask.
        var crawler = builder.Configuration.GetSection(CrawlerOptions.Section).Get<CrawlerOptions>() ?? new CrawlerOptions();
        Validate(crawler);

        builder.Services.AddOptions<CrawlerOptions>()
            .BindConfiguration(CrawlerOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Error(o) is null, $"Invalid {CrawlerOptions.Section} options")
            .ValidateOnStart();
        builder.Services.AddBriWatchStorage(builder.Configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddCrawlerHttpClient();
        builder.Services.AddCrawlerPipeline();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SourceSeedLoader>());
        builder.Services.AddHealthChecks().AddCheck<SourcesHealthCheck>("sources", tags: [HostingExtensions.ReadyTag]);

        builder.AddConsumer<CrawlSourceConsumer, CrawlSourceConsumerDefinition>();
        builder.Services.TryAddSingleton<SourceHealthMetrics>();
        builder.AddConsumer<SourceStaleConsumer, SourceStaleConsumerDefinition>();
        builder.AddConsumer<SourceFetchFailedConsumer, SourceFetchFailedConsumerDefinition>();
        builder.AddRecurringJob<ScheduleDueSourcesJob>(crawler.SchedulerTick);
        if (crawler.WebSub.Enabled)
        {
            builder.AddRecurringJob<RenewWebSubLeasesJob>(crawler.WebSub.RenewalCheck);
        }

        builder.AddRecurringJob<MarkStaleSourcesJob>(crawler.StaleCheckInterval);
        return builder;
    }

    /// <summary>The typed <see cref="FeedFetcher"/> client; exposed so tests and tools build the same client the service uses.</summary>
    public static IServiceCollection AddCrawlerHttpClient(this IServiceCollection services)
    {
        services.TryAddSingleton<HostGate>();
        services.TryAddSingleton<RobotsCache>();
        services.AddHttpClient<FeedFetcher>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => FeedFetcher.CreateHandler(sp.GetRequiredService<IOptions<CrawlerOptions>>().Value))
            .AddHttpMessageHandler(() => new StaleConnectionRetryHandler());
        return services;
    }

    private static void Validate(CrawlerOptions options)
    {
        if (Error(options) is { } error)
        {
            throw new InvalidOperationException($"Invalid {CrawlerOptions.Section} options: {error}");
        }
    }

    private static string? Error(CrawlerOptions o) =>
        o.SchedulerTick <= TimeSpan.Zero ? "SchedulerTick must be positive"
        : o.MaxSourcesPerTick < 1 ? "MaxSourcesPerTick must be at least 1"
        : o.RequestTimeout <= TimeSpan.Zero ? "RequestTimeout must be positive"
        : o.ConnectTimeout <= TimeSpan.Zero ? "ConnectTimeout must be positive"
        : o.MaxResponseBytes < 1024 ? "MaxResponseBytes must be at least 1024"
        : o.MaxRedirects < 0 ? "MaxRedirects must not be negative"
        : o.MaxSitemapsPerPoll < 1 ? "MaxSitemapsPerPoll must be at least 1"
        : o.PerHostDelay < TimeSpan.Zero ? "PerHostDelay must not be negative"
        : o.ClaimLease <= TimeSpan.Zero ? "ClaimLease must be positive"
        : o.SchedulerLease <= o.SchedulerTick ? "SchedulerLease must be longer than SchedulerTick"
        : o.StaleCheckInterval <= TimeSpan.Zero ? "StaleCheckInterval must be positive"
        : o.AllSourcesFailingThreshold <= TimeSpan.Zero ? "AllSourcesFailingThreshold must be positive"
        : o.MaxBackoff <= TimeSpan.Zero ? "MaxBackoff must be positive"
        : string.IsNullOrWhiteSpace(o.SourcesFile) ? "SourcesFile must not be empty"
        : o.WebSub.Error() is { } webSub ? webSub
        : null;
}
