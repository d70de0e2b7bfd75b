using BriWatch.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using RabbitMQ.Client;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>
/// Crawler replicas, each composed as Program.cs composes one, on the real RabbitMQ broker (BRIWATCH_TEST_RABBITMQ, started
/// by tests/run.sh) and one shared store: a SQLite file, or with <see cref="UseMongo"/> a database of the MongoDB named by
/// BRIWATCH_TEST_MONGO. A run of their own keeps their queue, source ids and database apart from other tests'.
/// </summary>
public sealed class CrawlerReplicas : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("briwatch-replicas-").FullName;
    private readonly List<WebApplication> running = [];
    private readonly Dictionary<string, string?> storage = [];
    private string? mongoDatabase;

    public CrawlerReplicas(string runPrefix)
    {
        Run = $"{runPrefix}-{Guid.NewGuid():N}"[..20];
    }

    /// <summary>This run's name: the endpoint prefix of its queues and the prefix of its source ids.</summary>
    public string Run { get; }

    public string? Broker { get; } = Environment.GetEnvironmentVariable("BRIWATCH_TEST_RABBITMQ");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Skips the test when no broker is configured.</summary>
    public void RequireBroker()
    {
        if (string.IsNullOrWhiteSpace(Broker))
        {
            Assert.Skip("BRIWATCH_TEST_RABBITMQ is not set: run tests/run.sh, which starts RabbitMQ and sets it.");
        }
    }

    /// <summary>Starts a replica named <paramref name="name"/> (it is in its User-Agent); <paramref name="settings"/> override the defaults.</summary>
    /// <summary>Replicas started from now on share a fresh MongoDB database instead of the SQLite file; skips the test without BRIWATCH_TEST_MONGO.</summary>
    public void UseMongo()
    {
        var connectionString = Environment.GetEnvironmentVariable("BRIWATCH_TEST_MONGO");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Skip("BRIWATCH_TEST_MONGO is not set: the MongoDB half of this test is skipped.");
        }

        mongoDatabase = "briwatch_test_" + Run.Replace('-', '_');
        storage["Storage:Provider"] = "Mongo";
        storage["Storage:Mongo:ConnectionString"] = connectionString;
        storage["Storage:Mongo:Database"] = mongoDatabase;
    }

    public async Task<WebApplication> StartAsync(string name, IReadOnlyDictionary<string, string?> settings)
    {
        RequireBroker();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "briwatch-crawler", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var configuration = new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:EndpointPrefix"] = Run + "-",
            ["ConnectionStrings:RabbitMq"] = Broker,
            ["Storage:Sqlite:Path"] = Path.Combine(folder, "shared.db"),
            ["Crawler:AllowPrivateNetworks"] = "true",
            ["Crawler:RespectRobotsTxt"] = "false",
            ["Crawler:PerHostDelay"] = "00:00:00",
            ["Crawler:SchedulerTick"] = "00:00:00.250",
            ["Crawler:SourcesFile"] = Path.Combine(folder, "no-seed-sources.yaml"),
            ["Crawler:UserAgent"] = UserAgentFor(name),
        };
        foreach (var (key, value) in storage.Concat(settings))
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServiceDefaults();
        builder.AddCrawlerServices();
        builder.AddBusAndScheduler();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        running.Add(app);
        await app.StartAsync(Ct);
        return app;
    }

    public async Task StopAsync(WebApplication replica)
    {
        running.Remove(replica);
        await replica.StopAsync(CancellationToken.None);
        await replica.DisposeAsync();
    }

    public static string UserAgentFor(string name) => $"BriWatch-{name}/1.0 (+http://127.0.0.1/)";

    public static string UserAgentOf(WebApplication replica) => replica.Services.GetRequiredService<IOptions<CrawlerOptions>>().Value.UserAgent;

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in running.ToList())
        {
            await StopAsync(replica);
        }

        if (!string.IsNullOrWhiteSpace(Broker))
        {
            await DeleteQueueAsync(new Uri(Broker), $"{Run}-crawl-source");
        }

        if (mongoDatabase is not null)
        {
            using var client = new MongoClient(Environment.GetEnvironmentVariable("BRIWATCH_TEST_MONGO"));
            await client.DropDatabaseAsync(mongoDatabase, CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails saying <paramref name="what"/> after <paramref name="patience"/>.</summary>
    public static Task EventuallyAsync(Func<bool> condition, Func<string> what, TimeSpan patience) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, patience);

    /// <inheritdoc cref="EventuallyAsync(Func{bool}, Func{string}, TimeSpan)"/>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan patience)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(patience);
        while (!await condition())
        {
            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {patience.TotalSeconds} s waiting until {what()}.");
            }
        }
    }

    /// <summary>Removes this run's queue and its exchange, which would otherwise keep collecting other tests' commands.</summary>
    private static async Task DeleteQueueAsync(Uri broker, string name)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: CancellationToken.None);
        await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false, cancellationToken: CancellationToken.None);
        await channel.ExchangeDeleteAsync(name, ifUnused: false, cancellationToken: CancellationToken.None);
    }
}
