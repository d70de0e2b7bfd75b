using BriWatch.Contracts;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Storage.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Tests.Scheduling;

public sealed class MarkStaleSourcesJobTests
{
    // A 10-minute source may be stretched to 8 × 10 minutes by adaptation: that is its expected period.
    private static readonly TimeSpan Expected = TimeSpan.FromMinutes(80);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Marks_source_stale_after_twice_its_expected_period_without_new_items()
    {
        await using var crawler = await CrawlerHarness.StartAsync(withConsumer: false);
        await crawler.AddSourceAsync("quiet", new Uri("https://a.example.org/feed"));
        await RecordItemsAsync(crawler, "quiet", 2);
        var job = CreateJob(crawler);

        crawler.Time.Advance(Expected * 2);
        await job.Execute(null!, Ct);
        var atTheLimit = await GetAsync(crawler, "quiet");
        crawler.Time.Advance(TimeSpan.FromSeconds(1));
        await job.Execute(null!, Ct);
        await job.Execute(null!, Ct);

        Assert.False(atTheLimit.Crawl.Stale);
        Assert.True((await GetAsync(crawler, "quiet")).Crawl.Stale);
        var stale = Assert.Single(await StaleEventsAsync(crawler, 1));
        Assert.Equal(new SourceStale("quiet", CrawlerHarness.Start, Expected, crawler.Time.GetUtcNow()), stale);
    }

    [Fact]
    public async Task New_items_clear_staleness_and_a_later_silence_is_announced_again()
    {
        await using var crawler = await CrawlerHarness.StartAsync(withConsumer: false);
        await crawler.AddSourceAsync("comeback", new Uri("https://a.example.org/feed"));
        var job = CreateJob(crawler);
        crawler.Time.Advance(Expected * 2 + TimeSpan.FromMinutes(1));
        await job.Execute(null!, Ct);

        var recovered = await RecordItemsAsync(crawler, "comeback", 1);
        await job.Execute(null!, Ct);
        crawler.Time.Advance(Expected * 2 + TimeSpan.FromMinutes(1));
        await job.Execute(null!, Ct);

        Assert.False(recovered.Crawl.Stale);
        var events = await StaleEventsAsync(crawler, 2);
        Assert.Equal(new DateTimeOffset?[] { null, recovered.Crawl.LastNewItemAt }, events.Select(e => e.LastNewItemAt));
    }

    [Fact]
    public async Task A_source_that_never_yielded_an_item_is_silent_since_it_was_added_and_honours_its_expected_period_option()
    {
        await using var crawler = await CrawlerHarness.StartAsync(withConsumer: false);
        var source = await crawler.AddSourceAsync("weekly", new Uri("https://a.example.org/feed"));
        await crawler.Sources.UpdateDefinitionAsync(WithExpectedPeriod(source, "7.00:00:00"), Ct);
        var job = CreateJob(crawler);

        crawler.Time.Advance(TimeSpan.FromDays(13));
        await job.Execute(null!, Ct);
        var afterThirteenDays = await GetAsync(crawler, "weekly");
        crawler.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await job.Execute(null!, Ct);

        Assert.False(afterThirteenDays.Crawl.Stale);
        var stale = Assert.Single(await StaleEventsAsync(crawler, 1));
        Assert.Null(stale.LastNewItemAt);
        Assert.Equal(TimeSpan.FromDays(7), stale.ExpectedPeriod);
    }

    [Fact]
    public async Task Clears_the_flag_without_an_event_when_a_longer_expected_period_makes_the_silence_normal()
    {
        await using var crawler = await CrawlerHarness.StartAsync(withConsumer: false);
        var source = await crawler.AddSourceAsync("slow", new Uri("https://a.example.org/feed"));
        var job = CreateJob(crawler);
        crawler.Time.Advance(Expected * 2 + TimeSpan.FromMinutes(1));
        await job.Execute(null!, Ct);

        await crawler.Sources.UpdateDefinitionAsync(WithExpectedPeriod(source, "1.00:00:00"), Ct);
        await job.Execute(null!, Ct);

        Assert.False((await GetAsync(crawler, "slow")).Crawl.Stale);
        Assert.Single(await StaleEventsAsync(crawler, 1));
    }

    [Fact]
    public async Task Disabled_sources_are_never_marked()
    {
        await using var crawler = await CrawlerHarness.StartAsync(withConsumer: false);
        var source = await crawler.AddSourceAsync("off", new Uri("https://a.example.org/feed"));
        await crawler.Sources.UpdateDefinitionAsync(source with { Enabled = false }, Ct);
        crawler.Time.Advance(TimeSpan.FromDays(30));

        await CreateJob(crawler).Execute(null!, Ct);

        Assert.False((await GetAsync(crawler, "off")).Crawl.Stale);
        Assert.Empty(crawler.Bus.Published.Select<SourceStale>(Ct));
    }

    [Fact]
    public async Task Replicas_checking_at_once_announce_one_transition()
    {
        await using var crawler = await CrawlerHarness.StartAsync(withConsumer: false);
        for (var i = 0; i < 5; i++)
        {
            await crawler.AddSourceAsync($"s{i}", new Uri($"https://s{i}.example.org/feed"));
        }

        crawler.Time.Advance(Expected * 2 + TimeSpan.FromMinutes(1));
        var replicas = Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await CreateJob(crawler).Execute(null!, Ct), Ct));
        await Task.WhenAll(replicas);

        var events = await StaleEventsAsync(crawler, 5);
        Assert.Equal(["s0", "s1", "s2", "s3", "s4"], events.Select(e => e.SourceId).Order(StringComparer.Ordinal));
    }

    private static MarkStaleSourcesJob CreateJob(CrawlerHarness crawler) => new(
        crawler.Sources,
        crawler.Bus.Bus,
        crawler.Services.GetRequiredService<IOptions<CrawlerOptions>>(),
        crawler.Time,
        crawler.Services.GetRequiredService<ILogger<MarkStaleSourcesJob>>());

    private static Source WithExpectedPeriod(Source source, string period) =>
        source with { Options = new Dictionary<string, string> { [PollPlanner.ExpectedPeriodKey] = period } };

    /// <summary>What the consumer records after a fetch that found <paramref name="newItems"/> unseen items.</summary>
    private static async Task<Source> RecordItemsAsync(CrawlerHarness crawler, string id, int newItems)
    {
        var now = crawler.Time.GetUtcNow();
        await crawler.Sources.RecordFetchSuccessAsync(id, new FetchSuccess(now, now.AddMinutes(10), null, null, newItems), Ct);
        return await GetAsync(crawler, id);
    }

    private static async Task<Source> GetAsync(CrawlerHarness crawler, string id) => (await crawler.Sources.GetAsync(id, Ct))!;

    private static async Task<List<SourceStale>> StaleEventsAsync(CrawlerHarness crawler, int expected)
    {
        var seen = 0;
        await foreach (var _ in crawler.Bus.Published.SelectAsync<SourceStale>(Ct))
        {
            if (++seen == expected)
            {
                break;
            }
        }

        // Execute published synchronously; anything beyond the expected count is already visible.
        return crawler.Bus.Published.Select<SourceStale>().Select(m => m.Context.Message).ToList();
    }
}
