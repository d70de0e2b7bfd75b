using BriWatch.Contracts;
using BriWatch.Crawler.Consumers;
using BriWatch.Storage;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Sources;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>The real consumer on the MassTransit in-memory test harness, with a real SQLite store in a temp folder.</summary>
public sealed class CrawlerHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly string folder;

    private CrawlerHarness(ServiceProvider provider, string folder, FakeTimeProvider time)
    {
        this.provider = provider;
        this.folder = folder;
        Time = time;
    }

    public static readonly DateTimeOffset Start = new(2026, 3, 5, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; }

    public ITestHarness Bus => provider.GetRequiredService<ITestHarness>();

    public ISourceStore Sources => provider.GetRequiredService<ISourceStore>();

    public IServiceProvider Services => provider;

    /// <param name="replace">Runs after the crawler's own registrations, to decorate or replace them.</param>
    public static async Task<CrawlerHarness> StartAsync(Action<CrawlerOptions>? configure = null, bool withConsumer = true, Action<IServiceCollection>? replace = null)
    {
        var folder = Directory.CreateTempSubdirectory("briwatch-crawler-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(folder, "briwatch.db") })
            .AddInMemoryCollection([OutboxDrain.NoRedelivery])
            .Build();
        // No per-host pause by default: every test server is 127.0.0.1 and the clock only moves when a test moves it.
        var options = new CrawlerOptions { AllowPrivateNetworks = true, RequestTimeout = TimeSpan.FromSeconds(20), PerHostDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        var time = new FakeTimeProvider(Start);

        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddBriWatchStorage(configuration);
        services.AddCrawlerHttpClient();
        services.AddCrawlerPipeline();
        replace?.Invoke(services);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: Deadlines.Event);
            if (withConsumer)
            {
                x.AddConsumer<CrawlSourceConsumer, CrawlSourceConsumerDefinition>();
            }
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = new CrawlerHarness(provider, folder, time);
        await harness.Bus.Start();
        return harness;
    }

    public async Task<Source> AddSourceAsync(string id, Uri url, TimeSpan? interval = null)
    {
        var source = new Source
        {
            Id = id,
            Name = id,
            Url = url.ToString(),
            Kind = SourceKind.Auto,
            Language = "en",
            PollInterval = interval ?? TimeSpan.FromMinutes(10),
            Crawl = new SourceCrawlState { NextAttemptAt = Time.GetUtcNow() },
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
        };
        Assert.True(await Sources.CreateAsync(source, TestContext.Current.CancellationToken));
        return source;
    }

    /// <summary>Sends one poll of <paramref name="sourceId"/> (due now) and waits until the consumer has handled it.</summary>
    public async Task<Source> PollAsync(string sourceId)
    {
        var dueAt = Time.GetUtcNow();
        await Bus.Bus.Publish(new CrawlSource(sourceId, dueAt), TestContext.Current.CancellationToken);
        await WaitConsumedAsync(sourceId, dueAt);
        return (await Sources.GetAsync(sourceId, TestContext.Current.CancellationToken))!;
    }

    /// <summary>Waits until the consumer has handled the poll and the outbox relay has published what it announced.</summary>
    public async Task WaitConsumedAsync(string sourceId, DateTimeOffset dueAt)
    {
        await ConsumedWait.CrawlSourceAsync(Bus, sourceId, dueAt);
        await OutboxDrain.WaitAsync(Bus, provider.GetRequiredService<IOutboxStore>());
    }

    public List<ArticleDiscovered> Discovered(string sourceId) =>
        Bus.Published.Select<ArticleDiscovered>().Select(m => m.Context.Message).Where(m => m.SourceId == sourceId).ToList();

    public List<SourceFetchFailed> Failures(string sourceId) =>
        Bus.Published.Select<SourceFetchFailed>().Select(m => m.Context.Message).Where(m => m.SourceId == sourceId).ToList();

    public async ValueTask DisposeAsync()
    {
        await Bus.Stop();
        await provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
