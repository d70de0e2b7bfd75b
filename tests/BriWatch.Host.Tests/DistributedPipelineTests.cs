using System.Collections.Concurrent;
using System.Diagnostics;
using BriWatch.Alerting;
using BriWatch.Classifier;
using BriWatch.Crawler;
using BriWatch.Host.Tests.Support;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Host.Tests;

/// <summary>
/// Crawler, classifier and alerting as three separate hosts on a real RabbitMQ broker (started by tests/run.sh),
/// sharing one store as they would share MongoDB in the distributed deployment.
/// </summary>
public sealed class DistributedPipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = Deadlines.Event;
    private readonly string directory = Directory.CreateTempSubdirectory("briwatch-rmq-").FullName;
    private readonly SignedWebhookReceiver receiver = new();
    private readonly ConcurrentBag<Activity> activities = [];
    private readonly List<WebApplication> hosts = [];
    private ActivityListener? listener;
    private LoopbackServer? feeds;
    private LoopbackServer? webhooks;

    public async ValueTask InitializeAsync()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith(TelemetryExtensions.SourcePrefix, StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        feeds = await LoopbackServer.StartAsync(app => app.MapGet("/feed.xml", (HttpContext context) =>
            Results.Text(DemoFeeds.ThreeItems($"http://{context.Request.Host}"), "application/rss+xml")));
        webhooks = await LoopbackServer.StartAsync(app => receiver.Map(app, "/hook"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        listener?.Dispose();
        if (feeds is not null)
        {
            await feeds.DisposeAsync();
        }

        if (webhooks is not null)
        {
            await webhooks.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Article_travels_through_three_hosts_on_RabbitMQ_into_one_signed_delivery_under_one_trace()
    {
        var broker = Environment.GetEnvironmentVariable("BRIWATCH_TEST_RABBITMQ");
        if (string.IsNullOrWhiteSpace(broker))
        {
            Assert.Skip("BRIWATCH_TEST_RABBITMQ is not set: run tests/run.sh, which starts RabbitMQ and sets it.");
        }

        var ct = TestContext.Current.CancellationToken;
        var crawler = await StartServiceAsync("briwatch-crawler", b => b.AddCrawlerServices(), broker);
        await StartServiceAsync("briwatch-classifier", b => b.AddClassifierServices(), broker);
        var alerting = await StartServiceAsync("briwatch-alerting", b => b.AddAlertingServices(), broker);

        var secret = WebhookChannel.GenerateSecret();
        var now = DateTimeOffset.UtcNow;
        await alerting.Services.GetRequiredService<ISubscriptionStore>().CreateAsync(
            new Subscription
            {
                Id = "sub_rmq",
                Owner = "e2e",
                Name = "Everything relevant",
                Webhook = new WebhookChannel(webhooks!.Url("/hook"), secret),
                CreatedAt = now,
                UpdatedAt = now,
            },
            ct);
        await crawler.Services.GetRequiredService<ISourceStore>().CreateAsync(
            new Source
            {
                Id = "rmq-feed",
                Name = "RabbitMQ e2e feed",
                Url = feeds!.Url("/feed.xml"),
                Kind = SourceKind.Rss,
                PollInterval = TimeSpan.FromMinutes(10),
                CreatedAt = now,
                UpdatedAt = now,
                Crawl = new SourceCrawlState { NextAttemptAt = now },
            },
            ct);

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Alerts.Count > 0), Patience, "the webhook receives an alert over RabbitMQ");
        var alert = Assert.Single(receiver.Alerts);
        Assert.True(alert.IsSignedWith(secret));
        Assert.Contains(DemoFeeds.RelevantTitle, alert.Body, StringComparison.Ordinal);

        var traceId = alert.TraceId;
        Assert.False(string.IsNullOrEmpty(traceId), "the webhook request carries a W3C traceparent");
        var services = activities.Where(a => a.TraceId.ToHexString() == traceId).Select(a => a.Source.Name).ToHashSet();
        Assert.Contains("BriWatch.Crawler", services);
        Assert.Contains("BriWatch.Classifier", services);
        Assert.Contains("BriWatch.Alerting", services);
    }

    private async Task<WebApplication> StartServiceAsync(string name, Action<WebApplicationBuilder> addService, string broker)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = name, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = broker,
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "shared.db"),
            ["Crawler:AllowPrivateNetworks"] = "true",
            ["Crawler:SchedulerTick"] = "00:00:00.200",
            ["Crawler:SourcesFile"] = Path.Combine(directory, "no-seed-sources.yaml"),
            ["Alerting:AllowPrivateNetworks"] = "true",
            ["Alerting:DispatchInterval"] = "00:00:00.200",
        });
        builder.AddServiceDefaults();
        addService(builder);
        builder.AddBusAndScheduler();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        hosts.Add(app);
        return app;
    }
}
