using BriWatch.Contracts;
using BriWatch.Crawler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Consumers;

/// <summary>The consumer under the store's crawl claim: one crawl per source, and a crawl whose claim was taken over stops.</summary>
public sealed class CrawlClaimTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poll_of_a_source_another_crawl_holds_is_dropped_without_fetching()
    {
        var hits = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () =>
        {
            Interlocked.Increment(ref hits);
            return Results.Text(Samples.Rss(("One", "https://e.org/one")), "application/rss+xml");
        }));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.ClaimLease = Lease);
        await crawler.AddSourceAsync("held", server.Url("feed"));
        var other = await crawler.Sources.TryClaimCrawlAsync("held", "other-replica", crawler.Time.GetUtcNow(), Lease, Ct);

        var dueAt = crawler.Time.GetUtcNow();
        await crawler.Bus.Bus.Publish(new CrawlSource("held", dueAt), Ct);
        await crawler.WaitConsumedAsync("held", dueAt);

        Assert.Equal(0, hits);
        Assert.Null((await crawler.Sources.GetAsync("held", Ct))!.Crawl.LastFetchedAt);
        Assert.True(await crawler.Sources.RenewCrawlClaimAsync("held", other!.Token, crawler.Time.GetUtcNow(), Lease, Ct));
    }

    [Fact]
    public async Task Crawl_whose_claim_was_taken_over_stops_at_its_next_renewal_and_records_nothing()
    {
        var pageRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pageAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/feed", (HttpContext c) =>
                Results.Text(Samples.Rss(("Slow page", $"http://{c.Request.Host}/page")), "application/rss+xml"));
            app.MapGet("/page", async (HttpContext c) =>
            {
                pageRequested.TrySetResult();
                await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => pageAborted.TrySetResult(), TaskScheduler.Default);
            });
        });
        await using var crawler = await CrawlerHarness.StartAsync(o => o.ClaimLease = Lease);
        await crawler.AddSourceAsync("stalled", server.Url("feed"));

        var dueAt = crawler.Time.GetUtcNow();
        await crawler.Bus.Bus.Publish(new CrawlSource("stalled", dueAt), Ct);
        await pageRequested.Task.WaitAsync(Deadlines.Event, Ct);
        // As if this replica had stalled past its lease: another one takes the source over...
        var takeover = await crawler.Sources.TryClaimCrawlAsync("stalled", "other-replica", crawler.Time.GetUtcNow() + Lease, Lease, Ct);
        Assert.NotNull(takeover);
        // ...and this crawl's next renewal (a third of the lease on) finds the claim gone and stops.
        crawler.Time.Advance(Lease / 3);
        await crawler.WaitConsumedAsync("stalled", dueAt);
        await pageAborted.Task.WaitAsync(Deadlines.Event, Ct);

        var crawl = (await crawler.Sources.GetAsync("stalled", Ct))!.Crawl;
        Assert.Equal((null, null, 0), (crawl.LastFetchedAt, crawl.LastError, crawl.ConsecutiveFailures));
        Assert.Empty(crawler.Failures("stalled"));
        Assert.True(await crawler.Sources.RenewCrawlClaimAsync("stalled", takeover.Token, crawler.Time.GetUtcNow(), Lease, Ct));
    }
}
