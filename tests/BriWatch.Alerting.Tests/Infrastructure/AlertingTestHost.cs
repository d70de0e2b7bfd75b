using BriWatch.Alerting.Consumers;
using BriWatch.Alerting.Digests;
using BriWatch.Alerting.Dispatch;
using BriWatch.Alerting.EndpointTests;
using BriWatch.Contracts;
using BriWatch.Storage;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Quartz.Extensibility;

namespace BriWatch.Alerting.Tests.Infrastructure;

/// <summary>
/// Alerting's real services over a real SQLite file, an in-memory MassTransit test harness and a fake clock.
/// The dispatcher and digest triggers are driven by the test instead of Quartz, so each pass happens exactly when the test says.
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
    /// <param name="replace">Runs after the real registrations, e.g. to wrap a store to stage a race at an exact point.</param>
    public static async Task<AlertingTestHost> StartAsync(
        FakeTimeProvider? time = null,
        string? databasePath = null,
        bool allowPrivateNetworks = true,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? replace = null)
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
            // Beside the database, as the all-in-one host keeps it, so a reopened database (a restart) still decrypts its secrets.
            ["DataProtection:KeyRingPath"] = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "dataprotection-keys"),
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
        services.AddSingleton<IConfiguration>(configuration);
        services.AddBriWatchStorage(configuration);
        services.AddAlertingCore();
        // A real scheduler holds the digest triggers but is never started: the test fires due triggers itself, at fake times.
        services.AddQuartz();
        services.AddMassTransitTestHarness(x =>
        {
            x.AddConsumer<ArticleClassifiedConsumer, ArticleClassifiedConsumerDefinition>();
            // The harness's default inactivity window (about a second) ends a wait for a message that a busy machine
            // has not handled yet; every wait here is for something that must happen.
            x.SetTestTimeouts(testTimeout: Deadlines.Event, testInactivityTimeout: Deadlines.Event);
        });
        replace?.Invoke(services);
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

    /// <summary>One run of the endpoint test job, which alerting runs at start-up and then on its own interval.</summary>
    public async Task<int> QueueEndpointTestsAsync() =>
        await Services.GetRequiredService<UntestedEndpoints>().QueueTestsAsync(TestContext.Current.CancellationToken);

    public async Task<int> DispatchAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>When the subscription's digest trigger (<c>digest.{id}</c>) fires next, as the scheduler holds it; null when it has none.</summary>
    public async Task<DateTimeOffset?> DigestTriggerAsync(string subscriptionId)
    {
        var ct = TestContext.Current.CancellationToken;
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
        return (await scheduler.GetTrigger(new TriggerKey($"digest.{subscriptionId}", "digests"), ct))?.NextFireTimeUtc;
    }

    /// <summary>One run of the trigger sync job, which alerting runs at start-up and every sync interval.</summary>
    public async Task<int> SyncDigestTriggersAsync() =>
        await Services.GetRequiredService<DigestTriggerSync>().SyncAllAsync(TestContext.Current.CancellationToken);

    /// <summary>
    /// What the scheduler does at the fake clock's now: fires every digest trigger due by then, earliest first, running
    /// the real <see cref="SendDigestJob"/> as Quartz would (one scope per run, the spent one-shot trigger removed unless
    /// the job re-arms it). Returns how many fired.
    /// </summary>
    public async Task<int> FireDueDigestTriggersAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
        var now = Time.GetUtcNow();
        var keys = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(DigestTriggers.Group), ct);
        var due = (await scheduler.GetTriggers(keys, ct)).Where(t => t.NextFireTimeUtc <= now).OrderBy(t => t.NextFireTimeUtc).ToList();
        foreach (var trigger in due)
        {
            var detail = await scheduler.GetJobDetail(trigger.JobKey, ct) ?? throw new InvalidOperationException($"Trigger {trigger.Key} has no job.");
            await scheduler.UnscheduleJob(trigger.Key, ct);
            await using var scope = Services.CreateAsyncScope();
            var job = ActivatorUtilities.CreateInstance<SendDigestJob>(scope.ServiceProvider);
            using var context = JobExecutionContextBuilder.For(job)
                .WithJob(detail)
                .WithTrigger(trigger)
                .WithScheduler(scheduler)
                .WithTimeProvider(Time)
                .FiredAt(now, trigger.NextFireTimeUtc)
                .Build();
            await job.Execute(context, ct);
        }

        return due.Count;
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
