using BriWatch.Storage.Articles;
using BriWatch.Storage.Audit;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Discoveries;
using BriWatch.Storage.Identity;
using BriWatch.Storage.Leases;
using BriWatch.Storage.Mongo;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Stories;
using BriWatch.Storage.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BriWatch.Storage.Tests;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "briwatch-storage-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Sqlite_provider_resolves_every_store_over_one_storage()
    {
        await using var provider = Build(new() { ["Storage:Sqlite:Path"] = Path.Combine(folder, "di.db") });

        Assert.IsType<SqliteSourceStore>(provider.GetRequiredService<ISourceStore>());
        Assert.IsType<SqliteArticleStore>(provider.GetRequiredService<IArticleStore>());
        Assert.IsType<SqliteSubscriptionStore>(provider.GetRequiredService<ISubscriptionStore>());
        Assert.IsType<SqliteDeliveryStore>(provider.GetRequiredService<IDeliveryStore>());
        Assert.IsType<SqliteDiscoveryStore>(provider.GetRequiredService<IDiscoveryStore>());
        Assert.IsType<SqliteLeaseStore>(provider.GetRequiredService<ILeaseStore>());
        Assert.IsType<SqliteStoryIndex>(provider.GetRequiredService<IStoryIndex>());
        Assert.IsType<SqliteUserStore>(provider.GetRequiredService<IUserStore>());
        Assert.IsType<SqliteApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
        Assert.IsType<SqliteAuditLog>(provider.GetRequiredService<IAuditLog>());
        Assert.NotNull(provider.GetRequiredService<ApiKeyAuthenticator>());
        Assert.Same(provider.GetRequiredService<SqliteStorage>(), provider.GetRequiredService<IStoragePing>());
        await provider.GetRequiredService<IStoragePing>().PingAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Mongo_provider_resolves_every_store_without_contacting_the_server()
    {
        await using var provider = Build(new()
        {
            ["Storage:Provider"] = "Mongo",
            ["ConnectionStrings:Mongo"] = "mongodb://localhost:1",
            ["Storage:Mongo:Database"] = "briwatch_di",
        });

        Assert.IsType<MongoSourceStore>(provider.GetRequiredService<ISourceStore>());
        Assert.IsType<MongoArticleStore>(provider.GetRequiredService<IArticleStore>());
        Assert.IsType<MongoSubscriptionStore>(provider.GetRequiredService<ISubscriptionStore>());
        Assert.IsType<MongoDeliveryStore>(provider.GetRequiredService<IDeliveryStore>());
        Assert.IsType<MongoDiscoveryStore>(provider.GetRequiredService<IDiscoveryStore>());
        Assert.IsType<MongoLeaseStore>(provider.GetRequiredService<ILeaseStore>());
        Assert.IsType<MongoStoryIndex>(provider.GetRequiredService<IStoryIndex>());
        Assert.IsType<MongoUserStore>(provider.GetRequiredService<IUserStore>());
        Assert.IsType<MongoApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
        Assert.IsType<MongoAuditLog>(provider.GetRequiredService<IAuditLog>());
        Assert.NotNull(provider.GetRequiredService<ApiKeyAuthenticator>());
        Assert.Equal("briwatch_di", provider.GetRequiredService<MongoStorage>().Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public async Task Storage_registers_its_readiness_check_once_however_many_services_add_it_and_the_check_pings_the_store()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(folder, "health.db") }).Build();
        // The health-check service is the host's (the service defaults add it); storage adds its check to it.
        var services = new ServiceCollection().AddLogging();
        services.AddHealthChecks();
        // The all-in-one host: each of the four services adds storage.
        for (var service = 0; service < 4; service++)
        {
            services.AddBriWatchStorage(configuration);
        }

        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var registration = Assert.Single(provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal(StorageHealthCheck.Name, registration.Name);
        Assert.Contains(StorageHealthCheck.ReadyTag, registration.Tags);

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, report.Entries[StorageHealthCheck.Name].Status);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddBriWatchStorage(configuration).BuildServiceProvider(validateScopes: true);
    }
}
