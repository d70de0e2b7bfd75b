using BriWatch.Contracts;
using BriWatch.Crawler.Consumers;
using BriWatch.Crawler.WebSub;
using BriWatch.Storage;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Sources;
using BriWatch.Storage.WebSub;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>
/// The crawler with its callback endpoint on a real Kestrel host (127.0.0.1, random port): the consumer on the MassTransit
/// test harness, SQLite in a temp folder, a fake clock, and WebSub on with the host's own address as callback base.
/// </summary>
public sealed class WebSubCrawler : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string folder;

    private WebSubCrawler(WebApplication app, string folder, FakeTimeProvider time, CrawlerOptions options, Uri baseUri)
    {
        this.app = app;
        this.folder = folder;
        Time = time;
        Options = options;
        BaseUri = baseUri;
    }

    public FakeTimeProvider Time { get; }

    public CrawlerOptions Options { get; }

    public Uri BaseUri { get; }

    public ITestHarness Bus => app.Services.GetRequiredService<ITestHarness>();

    public ISourceStore Sources => app.Services.GetRequiredService<ISourceStore>();

    public IWebSubSubscriptionStore Subscriptions => app.Services.GetRequiredService<IWebSubSubscriptionStore>();

    public static async Task<WebSubCrawler> StartAsync(Action<CrawlerOptions>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("briwatch-websub-").FullName;
        var options = new CrawlerOptions
        {
            AllowPrivateNetworks = true,
            PerHostDelay = TimeSpan.Zero,
            RespectRobotsTxt = false,
            FetchArticlePages = false,
        };
        configure?.Invoke(options);
        var time = new FakeTimeProvider(CrawlerHarness.Start);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(folder, "briwatch.db") });
        builder.Configuration.AddInMemoryCollection([OutboxDrain.NoRedelivery]);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.Services.AddBriWatchStorage(builder.Configuration);
        builder.Services.AddCrawlerHttpClient();
        builder.Services.AddCrawlerPipeline();
        builder.Services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: Deadlines.Event);
            x.AddConsumer<CrawlSourceConsumer, CrawlSourceConsumerDefinition>();
        });
        var app = builder.Build();
        app.MapCrawlerEndpoints();
        // The test harness starts every hosted service, Kestrel included.
        await app.Services.GetRequiredService<ITestHarness>().Start();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        // Known only once Kestrel has bound its port; the options object is the one every service reads.
        options.WebSub.CallbackBaseUrl = address.ToString();
        return new WebSubCrawler(app, folder, time, options, address);
    }

    public async Task AddSourceAsync(string id, Uri url)
    {
        var now = Time.GetUtcNow();
        var source = new Source
        {
            Id = id,
            Name = id,
            Url = url.ToString(),
            Kind = SourceKind.Auto,
            Language = "en",
            PollInterval = TimeSpan.FromMinutes(10),
            Crawl = new SourceCrawlState { NextAttemptAt = now },
            CreatedAt = now,
            UpdatedAt = now,
        };
        Assert.True(await Sources.CreateAsync(source, TestContext.Current.CancellationToken));
    }

    /// <summary>Sends one poll of <paramref name="sourceId"/> (due now) and waits until the consumer has handled it.</summary>
    public async Task<Source> PollAsync(string sourceId)
    {
        var dueAt = Time.GetUtcNow();
        await Bus.Bus.Publish(new CrawlSource(sourceId, dueAt), TestContext.Current.CancellationToken);
        await ConsumedWait.CrawlSourceAsync(Bus, sourceId, dueAt);
        await OutboxDrain.WaitAsync(Bus, app.Services.GetRequiredService<IOutboxStore>());
        return (await Sources.GetAsync(sourceId, TestContext.Current.CancellationToken))!;
    }

    public List<ArticleDiscovered> Discovered(string sourceId) =>
        Bus.Published.Select<ArticleDiscovered>().Select(m => m.Context.Message).Where(m => m.SourceId == sourceId).ToList();

    /// <summary>Runs the renewal job once, as Quartz would (the job does not read its context).</summary>
    public async Task RenewLeasesAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<RenewWebSubLeasesJob>(scope.ServiceProvider);
        await job.Execute(null!, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.Stop();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
