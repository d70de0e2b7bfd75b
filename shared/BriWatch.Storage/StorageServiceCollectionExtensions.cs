using BriWatch.Storage.Articles;
using BriWatch.Storage.Audit;
using BriWatch.Storage.DailyCaps;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Discoveries;
using BriWatch.Storage.Identity;
using BriWatch.Storage.Leases;
using BriWatch.Storage.Mongo;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Stories;
using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.WebSub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace BriWatch.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers every store for the provider in <c>Storage:Provider</c>, and the store's readiness health check. Safe to
    /// call once per service in one process: the first call wins, so the all-in-one host shares one database (and one
    /// health check) between its services.
    /// </summary>
    public static IServiceCollection AddBriWatchStorage(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(StorageOptions)))
        {
            return services;
        }

        // The one options class not bound through AddOptions: the provider picks which stores to register, before there
        // is a container, and the stores (also built by hand in tests and the CLI) take the plain object.
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (string.IsNullOrWhiteSpace(options.Mongo.ConnectionString))
        {
            options.Mongo.ConnectionString = configuration.GetConnectionString("Mongo");
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DataProtectionOptions>().BindConfiguration(DataProtectionOptions.Section);
        services.AddBriWatchDataProtection(configuration);
        services.AddSingleton<WebhookSecretProtector>();
        services.AddHostedService<StorageStartup>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ApiKeyIssuer>();
        // Only the registration: the health-check service (and its publisher) is the host's, added by the service defaults.
        services.Configure<HealthCheckServiceOptions>(o => o.Registrations.Add(new HealthCheckRegistration(
            StorageHealthCheck.Name,
            sp => ActivatorUtilities.GetServiceOrCreateInstance<StorageHealthCheck>(sp),
            failureStatus: null,
            tags: [StorageHealthCheck.ReadyTag])));
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                services.AddSingleton<SqliteStorage>();
                services.AddSingleton<IStoragePing>(sp => sp.GetRequiredService<SqliteStorage>());
                services.AddSingleton<ISourceStore, SqliteSourceStore>();
                services.AddSingleton<IArticleStore, SqliteArticleStore>();
                services.AddSingleton<ISubscriptionStore, SqliteSubscriptionStore>();
                services.AddSingleton<IDeliveryStore, SqliteDeliveryStore>();
                services.AddSingleton<IDiscoveryStore, SqliteDiscoveryStore>();
                services.AddSingleton<IOutboxStore, SqliteOutboxStore>();
                services.AddSingleton<ILeaseStore, SqliteLeaseStore>();
                services.AddSingleton<IStoryIndex, SqliteStoryIndex>();
                services.AddSingleton<IWebSubSubscriptionStore, SqliteWebSubSubscriptionStore>();
                services.AddSingleton<IDigestItemStore, SqliteDigestItemStore>();
                services.AddSingleton<IDailyCapStore, SqliteDailyCapStore>();
                services.AddSingleton<IUserStore, SqliteUserStore>();
                services.AddSingleton<IApiKeyStore, SqliteApiKeyStore>();
                services.AddSingleton<IAuditLog, SqliteAuditLog>();
                break;
            case StorageProvider.Mongo:
                if (string.IsNullOrWhiteSpace(options.Mongo.ConnectionString))
                {
                    throw new InvalidOperationException("Storage:Provider is Mongo but neither Storage:Mongo:ConnectionString nor ConnectionStrings:Mongo is set.");
                }

                services.AddSingleton<MongoStorage>();
                services.AddSingleton<IStoragePing>(sp => sp.GetRequiredService<MongoStorage>());
                services.AddSingleton<ISourceStore, MongoSourceStore>();
                services.AddSingleton<IArticleStore, MongoArticleStore>();
                services.AddSingleton<ISubscriptionStore, MongoSubscriptionStore>();
                services.AddSingleton<IDeliveryStore, MongoDeliveryStore>();
                services.AddSingleton<IDiscoveryStore, MongoDiscoveryStore>();
                services.AddSingleton<IOutboxStore, MongoOutboxStore>();
                services.AddSingleton<ILeaseStore, MongoLeaseStore>();
                services.AddSingleton<IStoryIndex, MongoStoryIndex>();
                services.AddSingleton<IWebSubSubscriptionStore, MongoWebSubSubscriptionStore>();
                services.AddSingleton<IDigestItemStore, MongoDigestItemStore>();
                services.AddSingleton<IDailyCapStore, MongoDailyCapStore>();
                services.AddSingleton<IUserStore, MongoUserStore>();
                services.AddSingleton<IApiKeyStore, MongoApiKeyStore>();
                services.AddSingleton<IAuditLog, MongoAuditLog>();
                break;
            default:
                throw new InvalidOperationException($"Unknown Storage:Provider '{options.Provider}'; use Sqlite or Mongo.");
        }

        return services;
    }

    /// <summary>
    /// Encrypts, at start-up, webhook secrets older versions stored in clear. Only for services that use the secrets and
    /// share the key ring (the API and alerting); safe to call from both in one process.
    /// </summary>
    public static IServiceCollection AddStoredSecretsEncryption(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StoredSecretsEncryption>());
        return services;
    }
}
