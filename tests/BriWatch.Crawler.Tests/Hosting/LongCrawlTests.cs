using System.Collections.Concurrent;
using System.Diagnostics;
using BriWatch.Contracts;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Storage.Sources;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Crawler.Tests.Hosting;

/// <summary>
/// A crawl that outlives its claim's lease several times over, on two crawler replicas sharing one store (SQLite or MongoDB) and one
/// RabbitMQ queue: the running crawl renews its claim, so neither the scheduler nor a duplicate command starts another.
/// </summary>
public sealed class LongCrawlTests : IAsyncLifetime
{
    private const int ItemCount = 4;
    private static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(2);

    // The article pages are answered no sooner than this after the feed was fetched: the crawl spans several leases.
    private static readonly TimeSpan CrawlLength = ClaimLease * 3.5;
    private static readonly TimeSpan Patience = Deadlines.Event;

    private readonly CrawlerReplicas replicas = new("long-crawl");
    private readonly ConcurrentQueue<Request> requests = new();
    private readonly ConcurrentQueue<Activity> activities = new();
    private readonly TaskCompletionSource pagesReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActivityListener listener;
    private LoopbackServer? site;

    // On a host of its own: requests to one host never overlap, so the long crawl's held pages would hold up its polls.
    private LoopbackServer? canarySite;

    public LongCrawlTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CrawlerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.GetTagItem("briwatch.source.id") is string id && id.StartsWith(replicas.Run, StringComparison.Ordinal))
                {
                    activities.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string LongId => $"{replicas.Run}-long";

    private string CanaryId => $"{replicas.Run}-canary";

    public async ValueTask InitializeAsync()
    {
        site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/feeds/{id}", (string id, HttpContext context) =>
            {
                requests.Enqueue(new Request(context.Request.Path, DateTimeOffset.UtcNow));
                var items = id == LongId ? Enumerable.Range(0, ItemCount).Select(n => ($"Item {n}", site!.Url($"pages/{n}").ToString())).ToArray() : [];
                return Results.Text(Samples.Rss(items), "application/rss+xml");
            });
            app.MapGet("/pages/{n:int}", async (int n, HttpContext context) =>
            {
                requests.Enqueue(new Request(context.Request.Path, DateTimeOffset.UtcNow));
                var feedFetched = requests.First(r => r.Path == FeedPath(LongId)).At;
                var wait = feedFetched + CrawlLength - DateTimeOffset.UtcNow;
                await Task.WhenAll(pagesReleased.Task, wait > TimeSpan.Zero ? Task.Delay(wait, context.RequestAborted) : Task.CompletedTask);
                return Results.Content(
                    $"<html><head><title>Item {n}</title></head><body><article><h1>Item {n}</h1><p>{string.Concat(Enumerable.Repeat($"Paragraph of item {n}. ", 40))}</p></article></body></html>",
                    "text/html");
            });
        });
        canarySite = await LoopbackServer.StartAsync(
            app => app.MapGet("/feeds/{id}", () => Results.Text(Samples.Rss(), "application/rss+xml")), listenAddress: "127.0.0.2");
    }

    public async ValueTask DisposeAsync()
    {
        pagesReleased.TrySetResult();
        listener.Dispose();
        await replicas.DisposeAsync();
        foreach (var server in new[] { site, canarySite })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Mongo")]
    public async Task A_crawl_that_outlives_its_lease_runs_once_while_both_replicas_schedule_and_receive_duplicates(string store)
    {
        replicas.RequireBroker();
        if (store == "Mongo")
        {
            replicas.UseMongo();
        }

        var settings = new Dictionary<string, string?> { ["Crawler:ClaimLease"] = ClaimLease.ToString() };
        var first = await replicas.StartAsync("replica-a", settings);
        var second = await replicas.StartAsync("replica-b", settings);
        var sources = first.Services.GetRequiredService<ISourceStore>();
        await sources.CreateAsync(Source(LongId, site!, TimeSpan.FromHours(1)), Ct);
        // Polled every second throughout, it shows the scheduler running while the long crawl's first lease lapses again and again.
        await sources.CreateAsync(Source(CanaryId, canarySite!, TimeSpan.FromSeconds(1)), Ct);

        await EventuallyAsync(() => requests.Any(r => r.Path == FeedPath(LongId)), () => "the long crawl fetches its feed");
        var feedFetched = requests.First(r => r.Path == FeedPath(LongId)).At;

        // Duplicate commands on both replicas, as a redelivery or a second scheduler would send them, while the crawl runs.
        foreach (var replica in new[] { first, second, first, second })
        {
            await replica.Services.GetRequiredService<IBus>().Publish(new CrawlSource(LongId, DateTimeOffset.UtcNow), Ct);
        }

        await EventuallyAsync(
            () => Crawls(LongId).Count >= 4 + Schedulings(LongId).Count - 1,
            () => $"the 4 duplicate commands and any repeated scheduling are consumed ({Crawls(LongId).Count} so far)");
        Assert.Null((await sources.GetAsync(LongId, Ct))!.Crawl.LastSuccessAt);
        pagesReleased.SetResult();

        await CrawlerReplicas.EventuallyAsync(
            async () => (await sources.GetAsync(LongId, Ct))?.Crawl.LastSuccessAt is not null, () => "the long crawl finishes", Patience);
        var finished = (await sources.GetAsync(LongId, Ct))!.Crawl.LastSuccessAt!.Value;
        await EventuallyAsync(() => Crawls(LongId).Count >= 4 + Schedulings(LongId).Count, () => "the long crawl's consumer returns");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"crawl ran {(finished - feedFetched).TotalSeconds:F1} s with a {ClaimLease.TotalSeconds} s lease; " +
            $"canary scheduled {Schedulings(CanaryId).Count(t => t > feedFetched + ClaimLease && t < finished)} times meanwhile");
        Assert.True(finished - feedFetched >= ClaimLease * 3, $"the crawl took {(finished - feedFetched).TotalSeconds:F1} s, not several leases");
        Assert.True(
            Schedulings(CanaryId).Count(t => t > feedFetched + ClaimLease && t < finished) >= 2,
            "the scheduler kept running after the long crawl's first lease lapsed");
        // On a loaded machine the first command can wait longer than a lease for its consumer, and the scheduler then sends
        // the source again (that is what the scheduling lease is for); once the crawl holds its claim, never.
        var schedulings = Schedulings(LongId);
        Assert.DoesNotContain(schedulings, t => t > feedFetched);
        Assert.Single(requests, r => r.Path == FeedPath(LongId));
        Assert.All(Enumerable.Range(0, ItemCount), n => Assert.Single(requests, r => r.Path == $"/pages/{n}"));
        Assert.Equal(4 + schedulings.Count - 1, Crawls(LongId).Count(c => c.Stop < finished - TimeSpan.FromSeconds(1)));

        // The recorded outcome ended the claim: the next crawl does not wait for it to lapse.
        var next = await sources.TryClaimCrawlAsync(LongId, "probe", DateTimeOffset.UtcNow, ClaimLease, Ct);
        Assert.NotNull(next);
        Assert.True(await sources.ReleaseCrawlClaimAsync(LongId, next.Token, Ct));
    }

    private static string FeedPath(string id) => $"/feeds/{id}";

    /// <summary>The consumer's crawls of <paramref name="id"/>, finished ones only, each with when it returned.</summary>
    private List<(DateTimeOffset Start, DateTimeOffset Stop)> Crawls(string id) =>
        [.. activities.Where(a => a.OperationName == "crawl source" && Equals(a.GetTagItem("briwatch.source.id"), id))
            .Select(a => (Start: new DateTimeOffset(a.StartTimeUtc, TimeSpan.Zero), Stop: new DateTimeOffset(a.StartTimeUtc + a.Duration, TimeSpan.Zero)))];

    private List<DateTimeOffset> Schedulings(string id) =>
        [.. activities.Where(a => a.OperationName == "poll source" && Equals(a.GetTagItem("briwatch.source.id"), id))
            .Select(a => new DateTimeOffset(a.StartTimeUtc, TimeSpan.Zero))];

    private static Source Source(string id, LoopbackServer server, TimeSpan interval)
    {
        var now = DateTimeOffset.UtcNow;
        return new Source
        {
            Id = id,
            Name = id,
            Url = server.Url(FeedPath(id)[1..]).ToString(),
            Kind = SourceKind.Rss,
            PollInterval = interval,
            Crawl = new SourceCrawlState { NextAttemptAt = now },
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static Task EventuallyAsync(Func<bool> condition, Func<string> what) => CrawlerReplicas.EventuallyAsync(condition, what, Patience);

    private sealed record Request(string Path, DateTimeOffset At);
}
