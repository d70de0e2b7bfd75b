using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Email;
using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Alerting.Consumers;
using BriWatch.Alerting.Digests;
using BriWatch.Alerting.Dispatch;
using BriWatch.Alerting.EndpointTests;
using BriWatch.Alerting.Matching;
using BriWatch.Matching.Indexing;
using BriWatch.ServiceDefaults;
using BriWatch.ServiceDefaults.Networking;
using BriWatch.Storage;
using BriWatch.Storage.Retention;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BriWatch.Alerting;

public static class AlertingServiceExtensions
{
    /// <summary>Alerting's services, its stores, its ArticleClassified consumer and its recurring jobs.</summary>
    public static IHostApplicationBuilder AddAlertingServices(this IHostApplicationBuilder builder)
    {
        // Read once at registration too: the job intervals below are needed before there is a container to ask.
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddBriWatchStorage(builder.Configuration);
        builder.Services.AddAlertingCore();
        builder.Services.AddHealthChecks().AddCheck<DeadDeliveriesHealthCheck>("deliveries", tags: [HostingExtensions.ReadyTag]);
        builder.AddConsumer<ArticleClassifiedConsumer, ArticleClassifiedConsumerDefinition>();
        builder.AddRecurringJob<DispatchDueDeliveriesJob>(options.DispatchInterval);
        // Also arms every digest trigger at start-up: the recurring job's first run is when the scheduler starts.
        builder.AddRecurringJob<SyncDigestTriggersJob>(options.DigestTriggerSyncInterval);
        builder.AddRecurringJob<PurgeDailyCapCountsJob>(PurgeDailyCapCountsJob.Interval);
        var retention = builder.Services.AddRetentionOptions(builder.Configuration);
        builder.AddRecurringJob<PurgeExpiredRecordsJob>(retention.PurgeInterval);
        builder.Services.AddHostedService<DeliveryBacklogGauges>();
        if (options.SendEndpointTestEvents)
        {
            // Its first run is at start-up too, so endpoints owed a test event when the process stopped get it now.
            builder.AddRecurringJob<QueueEndpointTestsJob>(QueueEndpointTestsJob.Interval(options));
        }

        return builder;
    }

    /// <summary>
    /// Everything but the bus and scheduler registrations; tests drive the consumer and dispatcher directly. Digest
    /// triggers need an <c>ISchedulerFactory</c>, which <c>AddBusAndScheduler</c> (or a test's <c>AddQuartz</c>) provides.
    /// </summary>
    internal static IServiceCollection AddAlertingCore(this IServiceCollection services)
    {
        services.AddOptions<AlertingOptions>()
            .BindConfiguration(AlertingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The rules span several settings (Smtp against ClaimLease, PublicBaseUrl once email is on): a validator names each one broken.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertingOptions>, AlertingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RetrySchedule>();
        services.TryAddSingleton<EndpointTestEvents>();
        services.TryAddSingleton<UntestedEndpoints>();
        services.TryAddSingleton<SubscriptionIndexProvider>();
        services.TryAddSingleton<MatchDocumentFactory>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<UnsubscribeTokens>();
        services.TryAddSingleton<AlertEmailComposer>();
        services.TryAddSingleton<SmtpEmailSender>();
        services.TryAddScoped<DeliveryDispatcher>();
        services.TryAddScoped<AlertHolds>();
        services.TryAddSingleton<DigestTriggers>();
        services.TryAddSingleton<DigestTriggerSync>();
        services.TryAddSingleton<DigestCollector>();
        services.TryAddScoped<DigestAssembler>();
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = PooledConnections.MarkingNewConnections((context, token) => PublicNetworkGuard.ConnectAsync(
                    context, sp.GetRequiredService<IOptions<AlertingOptions>>().Value.AllowPrivateNetworks, $"{AlertingOptions.Section}:{nameof(AlertingOptions.AllowPrivateNetworks)}", token)),
                AllowAutoRedirect = false,
                UseCookies = false,
                // A proxy would make the guard check the proxy's address, not the webhook's.
                UseProxy = false,
                PooledConnectionIdleTimeout = PooledConnections.IdleTimeout,
                PooledConnectionLifetime = PooledConnections.Lifetime,
            })
            // A webhook POST retried after a stale connection carries the same webhook-id: receivers deduplicate it.
            .AddHttpMessageHandler(() => new StaleConnectionRetryHandler());
        return services;
    }

    private static AlertingOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(AlertingOptions.Section).Get<AlertingOptions>() ?? new AlertingOptions();
        var errors = options.Validate();
        return errors.Count == 0
            ? options
            : throw new InvalidOperationException("Invalid alerting configuration: " + string.Join(" ", errors));
    }
}
