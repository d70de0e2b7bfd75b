using BriWatch.Alerting.Consumers;
using BriWatch.Alerting.Delivery;
using BriWatch.Alerting.Digests;
using BriWatch.Contracts;
using BriWatch.Storage;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Alerting.Tests.Infrastructure;

/// <summary>
/// Alerting's real services over a real SQLite file, an in-memory MassTransit test harness and a fake clock.
/// The dispatcher is driven by the test instead of Quartz, so each pass happens exactly when the test says.
/// </summary>
internal sealed class AlertingTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory? ownedDirectory;

    private AlertingTestHost(ServiceProvider services, FakeTimeProvider time, TempDirectory? ownedDirectory, IDictionary<string, string?> settings)
    {
        Services = services;
        Time = time;
        this.ownedDirectory = ownedDirectory;
        Settings = settings;
    }

    /// <summary>The effective configuration, so a companion host (e.g. the HTTP endpoints) can share the database and keys.</summary>
    public IDictionary<string, string?> Settings { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public IDeliveryStore Deliveries => Services.GetRequiredService<IDeliveryStore>();

    public ISubscriptionStore Subscriptions => Services.GetRequiredService<ISubscriptionStore>();

    /// <param name="databasePath">A database the caller owns, e.g. to reopen it (a restart); a fresh temp one when null.</param>
    public static async Task<AlertingTestHost> StartAsync(
        FakeTimeProvider? time = null,
        string? databasePath = null,
        bool allowPrivateNetworks = true,
        IDictionary<string, string?>? settings = null)
    {
        TestTracing.EnsureListening();
        TempDirectory? owned = null;
        if (databasePath is null)
        {
            owned = new TempDirectory();
            databasePath = Path.Combine(owned.Path, "briwatch.db");
        }

        var values = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = databasePath,
            ["Alerting:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
            // Most tests count deliveries exactly; the endpoint test event has tests of its own that turn it back on.
            ["Alerting:SendEndpointTestEvents"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        time ??= new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddBriWatchStorage(configuration);
        services.AddAlertingCore(configuration);
        services.AddMassTransitTestHarness(x => x.AddConsumer<ArticleClassifiedConsumer, ArticleClassifiedConsumerDefinition>());
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await provider.GetRequiredService<ITestHarness>().Start();
        return new AlertingTestHost(provider, time, owned, values);
    }

    /// <summary>Publishes and waits until the consumer has handled this very message, failing on a consumer exception.</summary>
    public async Task PublishAndConsumeAsync(ArticleClassified message)
    {
        var messageId = NewId.NextGuid();
        var ct = TestContext.Current.CancellationToken;
        await Harness.Bus.Publish(message, context => context.MessageId = messageId, ct);
        var consumer = Harness.GetConsumerHarness<ArticleClassifiedConsumer>();
        Assert.True(await consumer.Consumed.Any<ArticleClassified>(x => x.Context.MessageId == messageId, ct), "The consumer never handled the message.");
        var consumed = consumer.Consumed.Select<ArticleClassified>(x => x.Context.MessageId == messageId, ct).First();
        Assert.Null(consumed.Exception);
    }

    public async Task<int> DispatchAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>What one run of the dispatch job does: turns due digests into deliveries, then dispatches; returns the attempts made.</summary>
    public async Task<int> RunDispatchJobAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DigestAssembler>().AssembleDueAsync(TestContext.Current.CancellationToken);
        return await scope.ServiceProvider.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync(TestContext.Current.CancellationToken);
    }

    public async Task<Storage.Deliveries.Delivery> SingleDeliveryAsync(string subscriptionId)
    {
        var all = await Deliveries.ListAsync(subscriptionId, null, 100, TestContext.Current.CancellationToken);
        return Assert.Single(all);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        ownedDirectory?.Dispose();
    }
}
