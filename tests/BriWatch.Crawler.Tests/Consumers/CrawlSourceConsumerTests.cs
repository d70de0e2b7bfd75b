using System.Text;
using BriWatch.Contracts;
using BriWatch.Crawler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Consumers;

public sealed class CrawlSourceConsumerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publishes_each_new_item_once_and_nothing_again_on_the_next_poll()
    {
        var items = new List<(string, string)> { ("Summit opens", "https://e.org/summit"), ("Port deal", "https://e.org/port?utm_source=rss") };
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Text(Samples.Rss([.. items]), "application/rss+xml")));
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("news", server.Url("feed"));

        var afterFirst = await crawler.PollAsync("news");
        crawler.Time.Advance(TimeSpan.FromMinutes(10));
        items.Add(("Bank loan", "https://e.org/loan"));
        var afterSecond = await crawler.PollAsync("news");

        var discovered = crawler.Discovered("news");
        Assert.Equal(["Summit opens", "Port deal", "Bank loan"], discovered.Select(d => d.Title));
        Assert.Equal("https://e.org/port", discovered[1].CanonicalUrl);
        Assert.Equal("About Port deal", discovered[1].Text);
        Assert.Equal("en", discovered[1].LanguageHint);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 0, 30, 0, TimeSpan.Zero), discovered[1].Published);
        Assert.Null(afterFirst.Crawl.LastError);
        Assert.Equal(CrawlerHarness.Start + TimeSpan.FromMinutes(10), afterFirst.Crawl.NextAttemptAt);
        Assert.Equal(CrawlerHarness.Start + TimeSpan.FromMinutes(20), afterSecond.Crawl.NextAttemptAt);
    }

    [Fact]
    public async Task Same_item_in_two_feeds_is_announced_once()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Text(Samples.Rss(("Same story", "https://e.org/story?utm_medium=a")), "application/rss+xml"));
            app.MapGet("/b", () => Results.Text(Samples.Rss(("Same story, edited title", "https://E.org/story#top")), "application/rss+xml"));
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("a", server.Url("a"));
        await crawler.AddSourceAsync("b", server.Url("b"));

        await crawler.PollAsync("a");
        await crawler.PollAsync("b");

        Assert.Single(crawler.Discovered("a"));
        Assert.Empty(crawler.Discovered("b"));
    }

    [Theory]
    [InlineData("/missing", "HTTP 404 Not Found")]
    [InlineData("/garbage", "not a feed: the body is neither XML nor JSON")]
    [InlineData("/html", "not a feed: HTML page")]
    [InlineData("/empty", "not a feed: empty body")]
    [InlineData("/forbidden", "HTTP 403 Forbidden")]
    [InlineData("/broken", "not well-formed XML at line 1")]
    [InlineData("/server-error", "HTTP 500 Internal Server Error")]
    [InlineData("/busy", "HTTP 429 Too Many Requests")]
    [InlineData("/loop", "redirect loop:")]
    [InlineData("/bomb", "response larger than 10 MB (after decompression)")]
    [InlineData("/huge", "response larger than 10 MB")]
    public async Task Records_a_readable_source_error_with_backoff_and_keeps_serving_other_sources(string path, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/garbage", () => Results.Bytes(Encoding.ASCII.GetBytes("\u0001\u0002\u0003 not xml"), "application/octet-stream"));
            app.MapGet("/html", () => Results.Text("<!DOCTYPE html><html><body>Welcome</body></html>", "text/html"));
            app.MapGet("/empty", () => Results.Text(string.Empty, "application/xml"));
            app.MapGet("/forbidden", () => Results.StatusCode(403));
            app.MapGet("/broken", () => Results.Text("<rss version=\"2.0\"><chan", "application/xml"));
            app.MapGet("/server-error", () => Results.StatusCode(500));
            app.MapGet("/busy", () => Results.StatusCode(429));
            app.MapGet("/loop", () => Results.Redirect("/loop2"));
            app.MapGet("/loop2", () => Results.Redirect("/loop"));
            app.MapGet("/bomb", (HttpContext c) =>
            {
                c.Response.Headers.ContentEncoding = "gzip";
                return Results.Bytes(BadInputs.GzipBomb, "application/rss+xml");
            });
            app.MapGet("/huge", async (HttpContext c) =>
            {
                var block = new byte[1024 * 1024];
                for (var i = 0; i < 50 && !c.RequestAborted.IsCancellationRequested; i++)
                {
                    await c.Response.Body.WriteAsync(block, c.RequestAborted);
                }
            });
            app.MapGet("/good", () => Results.Text(Samples.Rss(("Fine", "https://e.org/fine")), "application/rss+xml"));
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("bad", server.Url(path.TrimStart('/')), TimeSpan.FromMinutes(10));
        await crawler.AddSourceAsync("good", server.Url("good"));

        var bad = await crawler.PollAsync("bad");
        await crawler.PollAsync("good");

        Assert.StartsWith(expected, bad.Crawl.LastError, StringComparison.Ordinal);
        Assert.Null(bad.Crawl.LastWarning);
        Assert.Equal(1, bad.Crawl.ConsecutiveFailures);
        Assert.Equal(CrawlerHarness.Start + TimeSpan.FromMinutes(20), bad.Crawl.NextAttemptAt);
        Assert.True(bad.Enabled);
        var failed = Assert.Single(crawler.Failures("bad"));
        Assert.Equal(bad.Crawl.LastError, failed.Error);
        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.Single(crawler.Discovered("good"));
    }

    [Fact]
    public async Task Backoff_doubles_per_consecutive_failure_up_to_the_cap_and_resets_on_success()
    {
        var up = false;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () =>
            up ? Results.Text(Samples.Rss(("Back", "https://e.org/back")), "application/rss+xml") : Results.StatusCode(500)));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.MaxBackoff = TimeSpan.FromHours(1));
        await crawler.AddSourceAsync("flaky", server.Url("feed"), TimeSpan.FromMinutes(10));

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var source = await crawler.PollAsync("flaky");
            delays.Add(source.Crawl.NextAttemptAt - crawler.Time.GetUtcNow());
            crawler.Time.Advance(TimeSpan.FromMinutes(1));
        }

        up = true;
        var recovered = await crawler.PollAsync("flaky");

        Assert.Equal([TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40), TimeSpan.FromHours(1), TimeSpan.FromHours(1)], delays);
        Assert.Equal(0, recovered.Crawl.ConsecutiveFailures);
        Assert.Null(recovered.Crawl.LastError);
        Assert.Equal(4, crawler.Failures("flaky").Count);
    }

    [Fact]
    public async Task Records_a_timeout_when_the_server_never_answers()
    {
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new CancellationTokenSource();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/slow", async (HttpContext c) =>
        {
            requested.TrySetResult();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, release.Token);
            await Task.Delay(Timeout.Infinite, linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(20));
        await crawler.AddSourceAsync("slow", server.Url("slow"));

        var dueAt = crawler.Time.GetUtcNow();
        await crawler.Bus.Bus.Publish(new CrawlSource("slow", dueAt), Ct);
        await requested.Task.WaitAsync(Deadlines.Event, Ct);
        // The fetch deadline runs on the injected clock: moving it past 20 s fires the timeout without waiting.
        crawler.Time.Advance(TimeSpan.FromSeconds(21));
        await crawler.WaitConsumedAsync("slow", dueAt);
        await release.CancelAsync();

        var source = await crawler.Sources.GetAsync("slow", Ct);
        Assert.Equal("timed out after 20 s", source!.Crawl.LastError);
    }

    [Fact]
    public async Task Records_a_timeout_when_the_server_drips_one_byte_at_a_time()
    {
        var dripping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/drip", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/rss+xml";
            var feed = Encoding.UTF8.GetBytes(Samples.Rss(("Slow", "https://e.org/slow")));
            for (var i = 0; i < feed.Length && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await c.Response.Body.WriteAsync(feed.AsMemory(i, 1), c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
                dripping.TrySetResult();
                await Task.Delay(100, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(20));
        await crawler.AddSourceAsync("drip", server.Url("drip"));

        var dueAt = crawler.Time.GetUtcNow();
        await crawler.Bus.Bus.Publish(new CrawlSource("drip", dueAt), Ct);
        await dripping.Task.WaitAsync(Deadlines.Event, Ct);
        // Bytes keep coming, so only the total deadline (on the injected clock) can end the fetch.
        crawler.Time.Advance(TimeSpan.FromSeconds(21));
        await crawler.WaitConsumedAsync("drip", dueAt);

        var source = await crawler.Sources.GetAsync("drip", Ct);
        Assert.Equal("timed out after 20 s", source!.Crawl.LastError);
        Assert.Equal(1, source.Crawl.ConsecutiveFailures);
        Assert.True(source.Enabled);
    }

    [Fact]
    public async Task Second_poll_sends_the_stored_etag_and_a_304_keeps_state()
    {
        var seen = new List<string?>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            seen.Add(c.Request.Headers.IfNoneMatch.ToString());
            if (c.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                return Results.StatusCode(304);
            }

            c.Response.Headers.ETag = "\"v1\"";
            return Results.Text(Samples.Rss(("One", "https://e.org/one")), "application/rss+xml");
        }));
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("cond", server.Url("feed"));

        await crawler.PollAsync("cond");
        crawler.Time.Advance(TimeSpan.FromMinutes(10));
        var after = await crawler.PollAsync("cond");

        Assert.Equal([string.Empty, "\"v1\""], seen);
        Assert.Equal("\"v1\"", after.Crawl.ETag);
        Assert.Null(after.Crawl.LastError);
        Assert.Single(crawler.Discovered("cond"));
    }

    [Fact]
    public async Task Redelivered_poll_for_the_same_due_time_does_not_fetch_again()
    {
        var hits = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () =>
        {
            Interlocked.Increment(ref hits);
            return Results.Text(Samples.Rss(), "application/rss+xml");
        }));
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("once", server.Url("feed"));
        var dueAt = crawler.Time.GetUtcNow();

        await crawler.Bus.Bus.Publish(new CrawlSource("once", dueAt), Ct);
        await crawler.WaitConsumedAsync("once", dueAt);
        crawler.Time.Advance(TimeSpan.FromSeconds(5));
        await crawler.Bus.Bus.Publish(new CrawlSource("once", dueAt), Ct);
        Assert.True(await crawler.Bus.Consumed.SelectAsync<CrawlSource>(Ct).Skip(1).AnyAsync(Ct));

        Assert.Equal(1, hits);
    }

    [Fact]
    public async Task Auto_source_pointing_at_an_html_page_reads_the_feed_it_advertises()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/page", () => Results.Text(
                "<!DOCTYPE html><html><head><title>Portal</title><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\"></head><body>News</body></html>",
                "text/html"));
            app.MapGet("/feed", () => Results.Text(Samples.Rss(("Advertised item", "https://e.org/advertised")), "application/rss+xml"));
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("portal", server.Url("page"));

        var source = await crawler.PollAsync("portal");

        Assert.Null(source.Crawl.LastError);
        Assert.Equal(["Advertised item"], crawler.Discovered("portal").Select(d => d.Title));
    }

    [Fact]
    public async Task Sitemap_index_is_followed_to_its_child_sitemaps()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/sitemap.xml", (HttpContext c) => Results.Text(
                $"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>http://{c.Request.Host}/news.xml</loc></sitemap></sitemapindex>",
                "application/xml"));
            app.MapGet("/news.xml", () => Results.Text(
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://e.org/a</loc><lastmod>2024-03-05</lastmod></url><url><loc>https://e.org/b</loc></url></urlset>",
                "application/xml"));
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("sitemap", server.Url("sitemap.xml"));

        var source = await crawler.PollAsync("sitemap");

        Assert.Null(source.Crawl.LastError);
        Assert.Equal(["https://e.org/a", "https://e.org/b"], crawler.Discovered("sitemap").Select(d => d.CanonicalUrl).Order());
    }

    [Fact]
    public async Task Ignores_a_poll_for_an_unknown_source()
    {
        await using var crawler = await CrawlerHarness.StartAsync();

        await crawler.Bus.Bus.Publish(new CrawlSource("ghost", CrawlerHarness.Start), Ct);

        await crawler.WaitConsumedAsync("ghost", CrawlerHarness.Start);
        Assert.False(await crawler.Bus.Published.Any<SourceFetchFailed>(Ct));
        Assert.False(await crawler.Bus.Published.Any<ArticleDiscovered>(Ct));
    }
}
