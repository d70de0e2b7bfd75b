using System.Collections.Concurrent;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Tests.Mongo;
using BriWatch.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Storage.Tests.Outbox;

/// <summary>An event the relay tests record and consume, standing for ArticleDiscovered and ArticleClassified.</summary>
public sealed record ProbeEvent(string Key);

/// <summary>What the consumer does when an event arrives, so a test can stop the process at each step.</summary>
public enum ConsumerStep
{
    /// <summary>Its durable write, then the completion: a healthy consumer.</summary>
    WriteAndComplete,

    /// <summary>Nothing: the message is lost with the process (an in-memory bus dying before the consumer ran).</summary>
    Lose,

    /// <summary>Its durable write but no completion: the process dies between the two.</summary>
    WriteOnly,
}

/// <summary>The consumer's durable state and what it has seen, shared by the hosts one test starts in turn.</summary>
public sealed class ProbeLedger
{
    private readonly ConcurrentQueue<string> received = new();
    private readonly SemaphoreSlim arrivals = new(0);

    public ConsumerStep Step { get; set; } = ConsumerStep.WriteAndComplete;

    /// <summary>The consumer's idempotent durable write: one entry per key however often it is consumed.</summary>
    public ConcurrentDictionary<string, int> Written { get; } = new();

    public IReadOnlyCollection<string> Received => received;

    public void Arrived(string key)
    {
        received.Enqueue(key);
        arrivals.Release();
    }

    /// <summary>Waits for the next <paramref name="count"/> arrivals.</summary>
    public async Task WaitForArrivalsAsync(int count)
    {
        using var deadline = new CancellationTokenSource(Deadlines.Event);
        for (var i = 0; i < count; i++)
        {
            await arrivals.WaitAsync(deadline.Token);
        }
    }
}

public sealed class ProbeConsumer(ProbeLedger ledger, IOutboxStore outbox) : IConsumer<ProbeEvent>
{
    public async Task Consume(ConsumeContext<ProbeEvent> context)
    {
        var step = ledger.Step;
        if (step != ConsumerStep.Lose)
        {
            ledger.Written.AddOrUpdate(context.Message.Key, 1, (_, n) => n);
        }

        if (step == ConsumerStep.WriteAndComplete)
        {
            await context.CompleteAsync(outbox);
        }

        ledger.Arrived(context.Message.Key);
    }
}

/// <summary>
/// One process: a real store (SQLite file or MongoDB database), the outbox relay, and a consumer on MassTransit's
/// in-memory bus, which loses whatever it holds when the host stops, like the all-in-one host's bus on a crash. The
/// clock is fake, so the redelivery timeout passes when the test says.
/// </summary>
public sealed class RelayHost : IAsyncDisposable
{
    public static readonly TimeSpan RedeliverAfter = TimeSpan.FromSeconds(30);

    private readonly IHost host;

    private RelayHost(IHost host) => this.host = host;

    public IOutboxStore Outbox => host.Services.GetRequiredService<IOutboxStore>();

    public OutboxRelay Relay => host.Services.GetRequiredService<OutboxRelay>();

    public static async Task<RelayHost> StartAsync(RelayStore store, FakeTimeProvider time, ProbeLedger ledger)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(store.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outbox:RedeliverAfter"] = RedeliverAfter.ToString(),
            ["Outbox:PollInterval"] = "00:00:01",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddBriWatchStorage(builder.Configuration);
        builder.Services.AddOutboxRelay("BriWatch.Storage.Tests");
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<ProbeConsumer>();
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        // As in the services: the host has started only once the bus has, so a relay pass can publish.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new RelayHost(host);
    }

    /// <summary>Records events as a stage does, through the store alone (no relay running is needed).</summary>
    public static async Task RecordAsync(IOutboxStore outbox, DateTimeOffset now, params string[] keys)
    {
        foreach (var key in keys)
        {
            await outbox.EnqueueAsync(OutboxEvents.For(key, new ProbeEvent(key), now), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops the process; what its in-memory bus held is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}

/// <summary>A store that outlives the hosts of one test: a SQLite file, or a MongoDB database when BRIWATCH_TEST_MONGO is set.</summary>
public sealed class RelayStore : IAsyncDisposable
{
    private readonly string? folder;
    private readonly string? mongoDatabase;

    private RelayStore(Dictionary<string, string?> settings, string? folder, string? mongoDatabase)
    {
        Settings = settings;
        this.folder = folder;
        this.mongoDatabase = mongoDatabase;
    }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>Records events straight into the store, as a stage of a process that then died without a relay pass.</summary>
    public Task RecordWithoutRelayAsync(DateTimeOffset now, params string[] keys) =>
        WithOutboxAsync(outbox => RelayHost.RecordAsync(outbox, now, keys));

    /// <summary>Runs <paramref name="action"/> on the store's outbox with no relay running, as a process that then died.</summary>
    public async Task WithOutboxAsync(Func<Storage.Outbox.IOutboxStore, Task> action)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build().GetSection(StorageOptions.Section).Get<StorageOptions>()!;
        if (options.Provider == StorageProvider.Mongo)
        {
            using var mongo = new Storage.Mongo.MongoStorage(options);
            await action(new Storage.Mongo.MongoOutboxStore(mongo));
        }
        else
        {
            using var sqlite = new Storage.Sqlite.SqliteStorage(options);
            await action(new Storage.Sqlite.SqliteOutboxStore(sqlite));
        }
    }

    public static RelayStore Create(string provider)
    {
        if (provider == "Mongo")
        {
            var connection = Environment.GetEnvironmentVariable(MongoStoreContractTests.Variable);
            if (string.IsNullOrWhiteSpace(connection))
            {
                Assert.Skip($"{MongoStoreContractTests.Variable} is not set: MongoDB relay tests skipped");
            }

            var database = "briwatch_relay_" + Guid.NewGuid().ToString("N");
            return new RelayStore(
                new() { ["Storage:Provider"] = "Mongo", ["Storage:Mongo:ConnectionString"] = connection, ["Storage:Mongo:Database"] = database },
                null,
                database);
        }

        var folder = Path.Combine(Path.GetTempPath(), "briwatch-relay-tests", Guid.NewGuid().ToString("N"));
        return new RelayStore(new() { ["Storage:Sqlite:Path"] = Path.Combine(folder, "briwatch.db") }, folder, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (mongoDatabase is not null)
        {
            using var client = new MongoDB.Driver.MongoClient(Settings["Storage:Mongo:ConnectionString"]);
            await client.DropDatabaseAsync(mongoDatabase, CancellationToken.None);
        }

        if (folder is not null && Directory.Exists(folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
