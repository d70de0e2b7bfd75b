using System.Diagnostics;
using BriWatch.Contracts;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Storage.Leases;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Tests.Scheduling;

public sealed class ScheduleDueSourcesJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publishes_one_crawl_command_per_due_source_and_never_twice_for_one_due_time()
    {
        await using var crawler = await CrawlerHarness.StartAsync(withConsumer: false);
        await crawler.AddSourceAsync("due-1", new Uri("https://a.example.org/feed"));
        await crawler.AddSourceAsync("due-2", new Uri("https://b.example.org/feed"));
        var later = await crawler.AddSourceAsync("later", new Uri("https://c.example.org/feed"));
        await crawler.Sources.RecordFetchSuccessAsync(later.Id, new(crawler.Time.GetUtcNow(), crawler.Time.GetUtcNow().AddHours(1), null, null, 0), Ct);
        var job = CreateJob(crawler);
        var polls = new List<Activity>();
        using var listener = Listen(polls, "due-1", "due-2", "later");

        // The Quartz context is not read by this job; the scheduler itself is exercised by the host tests.
        await job.Execute(null!, Ct);
        await job.Execute(null!, Ct);

        var commands = await PublishedAsync(crawler, 2);
        Assert.Equal(["due-1", "due-2"], commands.Select(c => c.SourceId).Order());
        Assert.All(commands, c => Assert.Equal(CrawlerHarness.Start, c.DueAt));
        Assert.Equal(2, polls.Count);
        Assert.All(polls, a => Assert.Null(a.ParentId));
        Assert.NotEqual(polls[0].TraceId, polls[1].TraceId);
    }

    [Fact]
    public async Task Claims_at_most_the_configured_number_per_tick()
    {
        await using var crawler = await CrawlerHarness.StartAsync(o => o.MaxSourcesPerTick = 2, withConsumer: false);
        for (var i = 0; i < 5; i++)
        {
            await crawler.AddSourceAsync($"s{i}", new Uri($"https://s{i}.example.org/feed"));
        }

        await CreateJob(crawler).Execute(null!, Ct);

        Assert.Equal(2, (await PublishedAsync(crawler, 2)).Count);
    }

    [Fact]
    public async Task Only_the_lease_holder_schedules_and_another_replica_takes_over_when_it_lapses()
    {
        await using var crawler = await CrawlerHarness.StartAsync(o => o.SchedulerLease = TimeSpan.FromSeconds(20), withConsumer: false);
        var first = CreateJob(crawler, new ReplicaIdentity());
        var second = CreateJob(crawler, new ReplicaIdentity());
        await crawler.AddSourceAsync("one", new Uri("https://a.example.org/feed"));

        await first.Execute(null!, Ct);
        await crawler.AddSourceAsync("two", new Uri("https://b.example.org/feed"));
        await second.Execute(null!, Ct);
        var whileFirstHolds = await PublishedAsync(crawler, 1);
        // The first replica stops ticking (it died); after the lease runs out the second one schedules.
        crawler.Time.Advance(TimeSpan.FromSeconds(21));
        await second.Execute(null!, Ct);

        Assert.Equal(["one"], whileFirstHolds.Select(c => c.SourceId));
        Assert.Equal(["one", "two"], (await PublishedAsync(crawler, 2)).Select(c => c.SourceId));
    }

    private static ScheduleDueSourcesJob CreateJob(CrawlerHarness crawler, ReplicaIdentity? identity = null) => new(
        crawler.Sources,
        crawler.Services.GetRequiredService<ILeaseStore>(),
        identity ?? new ReplicaIdentity(),
        crawler.Bus.Bus,
        crawler.Services.GetRequiredService<IOptions<CrawlerOptions>>(),
        crawler.Time,
        crawler.Services.GetRequiredService<ILogger<ScheduleDueSourcesJob>>());

    private static async Task<List<CrawlSource>> PublishedAsync(CrawlerHarness crawler, int expected)
    {
        var result = new List<CrawlSource>();
        await foreach (var message in crawler.Bus.Published.SelectAsync<CrawlSource>(Ct))
        {
            result.Add(message.Context.Message);
            if (result.Count == expected)
            {
                break;
            }
        }

        // Everything was published synchronously by Execute; anything beyond the expected count is already visible.
        return crawler.Bus.Published.Select<CrawlSource>().Select(m => m.Context.Message).ToList();
    }

    /// <summary>Listeners are process-wide and other tests poll sources in parallel, so only this test's sources count.</summary>
    private static ActivityListener Listen(List<Activity> polls, params string[] sourceIds)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CrawlerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName == "poll source" && sourceIds.Contains(a.GetTagItem("briwatch.source.id") as string))
                {
                    lock (polls)
                    {
                        polls.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
