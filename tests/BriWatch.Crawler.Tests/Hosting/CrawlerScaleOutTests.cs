using System.Collections.Concurrent;
using System.Diagnostics;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Storage.Leases;
using BriWatch.Storage.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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

    // Its own queues and source ids, so crawler hosts and scheduler activities of other tests never mix with this one's.
    private readonly CrawlerReplicas replicas = new("scale-out");
    private readonly ConcurrentQueue<FeedRequest> requests = new();
    private readonly ConcurrentQueue<DateTimeOffset> schedulings = new();
    private readonly ActivityListener listener;
    private LoopbackServer? feeds;

    public CrawlerScaleOutTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CrawlerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.OperationName == "poll source" && a.GetTagItem("briwatch.source.id") is string id && id.StartsWith(replicas.Run, StringComparison.Ordinal))
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
        await replicas.DisposeAsync();
        if (feeds is not null)
        {
            await feeds.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_replicas_share_the_queue_fetch_each_source_once_per_due_time_and_the_survivor_takes_over_scheduling()
    {
        replicas.RequireBroker();
        var first = await StartReplicaAsync("replica-a");
        var second = await StartReplicaAsync("replica-b");
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
        await replicas.StopAsync(holder);
        var stopped = DateTimeOffset.UtcNow;
        var survivorAgent = CrawlerReplicas.UserAgentOf(survivor);
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
        var identity = first.Services.GetRequiredService<ReplicaIdentity>();
        var firstHolds = await leases.TryAcquireAsync(ScheduleDueSourcesJob.LeaseName, identity.Holder, DateTimeOffset.UtcNow, SchedulerLease, Ct);
        return firstHolds ? first : second;
    }

    private int FetchesBy(string replica) => requests.Count(r => r.UserAgent.Contains(replica, StringComparison.Ordinal));

    private bool EachSourceFetched(int times) =>
        Enumerable.Range(0, SourceCount).All(i => requests.Count(r => r.SourceId == SourceId(i)) >= times);

    private bool EachSourceFetchedAfter(DateTimeOffset since, string userAgent, int times) =>
        Enumerable.Range(0, SourceCount).All(i => requests.Count(r => r.SourceId == SourceId(i) && r.At > since && r.UserAgent == userAgent) >= times);

    private string SourceId(int i) => $"{replicas.Run}-{i}";

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

    private Task<WebApplication> StartReplicaAsync(string name) =>
        replicas.StartAsync(name, new Dictionary<string, string?> { ["Crawler:SchedulerLease"] = SchedulerLease.ToString() });

    private static Task EventuallyAsync(Func<bool> condition, string what) => CrawlerReplicas.EventuallyAsync(condition, () => what, Patience);

    private static Task EventuallyAsync(Func<bool> condition, Func<string> what) => CrawlerReplicas.EventuallyAsync(condition, what, Patience);

    private sealed record FeedRequest(string SourceId, string UserAgent, DateTimeOffset At);
}
