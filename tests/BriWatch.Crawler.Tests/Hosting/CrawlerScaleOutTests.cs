using System.Collections.Concurrent;
using System.Diagnostics;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.Tests.Support;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Leases;
using BriWatch.Storage.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace BriWatch.Crawler.Tests.Hosting;

/// <summary>
/// Two crawler replicas, each composed as Program.cs composes one, on a real RabbitMQ broker (started by tests/run.sh)
/// and one shared store, polling one loopback feed server.
/// </summary>
public sealed class CrawlerScaleOutTests : IAsyncLifetime
{
    private const int SourceCount = 6;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SchedulerLease = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string folder = Directory.CreateTempSubdirectory("briwatch-scale-out-").FullName;

    // Its own queues and source ids, so crawler hosts and scheduler activities of other tests never mix with this one's.
    private readonly string run = $"scale-out-{Guid.NewGuid():N}"[..20];
    private readonly ConcurrentQueue<FeedRequest> requests = new();
    private readonly ConcurrentQueue<DateTimeOffset> schedulings = new();
    private readonly List<WebApplication> replicas = [];
    private readonly ActivityListener listener;
    private readonly string? broker = Environment.GetEnvironmentVariable("BRIWATCH_TEST_RABBITMQ");
    private LoopbackServer? feeds;

    public CrawlerScaleOutTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CrawlerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.OperationName == "poll source" && a.GetTagItem("briwatch.source.id") is string id && id.StartsWith(run, StringComparison.Ordinal))
                {
                    schedulings.Enqueue(new DateTimeOffset(a.StartTimeUtc, TimeSpan.Zero));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        feeds = await LoopbackServer.StartAsync(app => app.MapGet("/feeds/{id}", (string id, HttpContext context) =>
        {
            requests.Enqueue(new FeedRequest(id, context.Request.Headers.UserAgent.ToString(), DateTimeOffset.UtcNow));
            return Results.Text(Samples.Rss(), "application/rss+xml");
        }));
    }

    public async ValueTask DisposeAsync()
    {
        listener.Dispose();
        foreach (var replica in replicas.ToList())
        {
            await StopAsync(replica);
        }

        if (feeds is not null)
        {
            await feeds.DisposeAsync();
        }

        if (!string.IsNullOrWhiteSpace(broker))
        {
            await DeleteQueueAsync(new Uri(broker), $"{run}-crawl-source");
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Two_replicas_share_the_queue_fetch_each_source_once_per_due_time_and_the_survivor_takes_over_scheduling()
    {
        if (string.IsNullOrWhiteSpace(broker))
        {
            Assert.Skip("BRIWATCH_TEST_RABBITMQ is not set: run tests/run.sh, which starts RabbitMQ and sets it.");
        }

        var first = await StartReplicaAsync("replica-a", broker);
        var second = await StartReplicaAsync("replica-b", broker);
        var store = first.Services.GetRequiredService<ISourceStore>();
        for (var i = 0; i < SourceCount; i++)
        {
            await store.CreateAsync(Source(SourceId(i)), Ct);
        }

        // Both replicas consume CrawlSource from the one queue, and every source is polled again and again.
        await EventuallyAsync(
            () => FetchesBy("replica-a") >= 3 && FetchesBy("replica-b") >= 3 && EachSourceFetched(3),
            () => $"both replicas fetch, every source three times (seen: {FetchesBy("replica-a")} by replica-a, {FetchesBy("replica-b")} by replica-b, {requests.Count} in all)");

        var holder = await LeaseHolderAsync(first, second);
        var survivor = holder == first ? second : first;
        var stopping = DateTimeOffset.UtcNow;
        await StopAsync(holder);
        var stopped = DateTimeOffset.UtcNow;
        var survivorAgent = UserAgentOf(survivor);
        var fetchedBefore = requests.Count(r => r.At <= stopped);

        // Only the survivor is left to schedule; its first scheduling shows it took the lease over.
        await EventuallyAsync(() => schedulings.Any(t => t > stopped), "the surviving replica schedules");
        var takeover = schedulings.Where(t => t > stopped).Min() - stopping;
        await EventuallyAsync(() => EachSourceFetchedAfter(stopped, survivorAgent, 2), "the survivor polls every source twice more");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"fetches: {FetchesBy("replica-a")} by replica-a, {FetchesBy("replica-b")} by replica-b; scheduling taken over after {takeover.TotalMilliseconds:F0} ms");
        Assert.True(
            takeover <= SchedulerLease + TimeSpan.FromSeconds(1.5),
            $"the survivor took over scheduling {takeover.TotalSeconds:F1} s after the holder stopped; the lease lasts {SchedulerLease.TotalSeconds} s");
        Assert.True(fetchedBefore > 0);
        AssertOneFetchPerDueTime();
    }

    /// <summary>
    /// A fetch sets the source's next due time one interval after it ends, so one due time owns the window up to the next
    /// fetch: two fetches for one due time would show up as two requests less than an interval apart.
    /// </summary>
    private void AssertOneFetchPerDueTime()
    {
        // Stored times keep milliseconds; the slack covers that rounding, not a second fetch.
        var slack = TimeSpan.FromMilliseconds(20);
        foreach (var fetches in requests.GroupBy(r => r.SourceId))
        {
            var times = fetches.Select(r => r.At).Order().ToList();
            var gaps = times.Zip(times.Skip(1), (earlier, later) => later - earlier).ToList();
            Assert.All(gaps, gap => Assert.True(
                gap >= PollInterval - slack,
                $"source {fetches.Key} was fetched twice {gap.TotalMilliseconds:F0} ms apart, within one due window of {PollInterval.TotalMilliseconds} ms"));
        }
    }

    private async Task<WebApplication> LeaseHolderAsync(WebApplication first, WebApplication second)
    {
        // Renewing on the first replica's behalf is what its own next tick does, so this probe changes nothing.
        var leases = first.Services.GetRequiredService<ILeaseStore>();
        var identity = first.Services.GetRequiredService<SchedulerIdentity>();
        var firstHolds = await leases.TryAcquireAsync(ScheduleDueSourcesJob.LeaseName, identity.Holder, DateTimeOffset.UtcNow, SchedulerLease, Ct);
        return firstHolds ? first : second;
    }

    private int FetchesBy(string replica) => requests.Count(r => r.UserAgent.Contains(replica, StringComparison.Ordinal));

    private bool EachSourceFetched(int times) =>
        Enumerable.Range(0, SourceCount).All(i => requests.Count(r => r.SourceId == SourceId(i)) >= times);

    private bool EachSourceFetchedAfter(DateTimeOffset since, string userAgent, int times) =>
        Enumerable.Range(0, SourceCount).All(i => requests.Count(r => r.SourceId == SourceId(i) && r.At > since && r.UserAgent == userAgent) >= times);

    private string SourceId(int i) => $"{run}-{i}";

    private async Task StopAsync(WebApplication replica)
    {
        replicas.Remove(replica);
        await replica.StopAsync(CancellationToken.None);
        await replica.DisposeAsync();
    }

    private static string UserAgentOf(WebApplication replica) =>
        replica.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CrawlerOptions>>().Value.UserAgent;

    private Source Source(string id)
    {
        var now = DateTimeOffset.UtcNow;
        return new Source
        {
            Id = id,
            Name = id,
            Url = feeds!.Url($"feeds/{id}").ToString(),
            Kind = SourceKind.Rss,
            PollInterval = PollInterval,
            Crawl = new SourceCrawlState { NextAttemptAt = now },
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private async Task<WebApplication> StartReplicaAsync(string name, string broker)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "briwatch-crawler", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:EndpointPrefix"] = run + "-",
            ["ConnectionStrings:RabbitMq"] = broker,
            ["Storage:Sqlite:Path"] = Path.Combine(folder, "shared.db"),
            ["Crawler:AllowPrivateNetworks"] = "true",
            ["Crawler:RespectRobotsTxt"] = "false",
            ["Crawler:PerHostDelay"] = "00:00:00",
            ["Crawler:SchedulerTick"] = "00:00:00.250",
            ["Crawler:SchedulerLease"] = SchedulerLease.ToString(),
            ["Crawler:SourcesFile"] = Path.Combine(folder, "no-seed-sources.yaml"),
            ["Crawler:UserAgent"] = $"BriWatch-{name}/1.0 (+http://127.0.0.1/)",
        });
        builder.AddServiceDefaults();
        builder.AddCrawlerServices();
        builder.AddBusAndScheduler();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        replicas.Add(app);
        await app.StartAsync(Ct);
        return app;
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(condition, () => what);

    private static async Task EventuallyAsync(Func<bool> condition, Func<string> what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Patience);
        while (!condition())
        {
            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {Patience.TotalSeconds} s waiting until {what()}.");
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

    private sealed record FeedRequest(string SourceId, string UserAgent, DateTimeOffset At);
}
