using System.Collections.Concurrent;
using BriWatch.Crawler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Consumers;

/// <summary>Sitemap indexes that list further indexes: followed three levels deep, cycles and excess recorded as warnings.</summary>
public sealed class SitemapIndexTests
{
    private readonly ConcurrentBag<string> requested = [];

    [Fact]
    public async Task A_two_level_sitemap_index_yields_the_leaf_items()
    {
        await using var server = await ServeAsync(new()
        {
            ["/sitemap.xml"] = Index("/sitemaps/news-index.xml", "/sitemaps/pages.xml"),
            ["/sitemaps/news-index.xml"] = Index("/sitemaps/news-2026-03.xml", "/sitemaps/news-2026-02.xml"),
            ["/sitemaps/news-2026-03.xml"] = UrlSet("https://e.org/march-1", "https://e.org/march-2"),
            ["/sitemaps/news-2026-02.xml"] = UrlSet("https://e.org/february"),
            ["/sitemaps/pages.xml"] = UrlSet("https://e.org/about"),
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("ndb", server.Url("sitemap.xml"));

        var source = await crawler.PollAsync("ndb");

        Assert.Equal(
            ["https://e.org/about", "https://e.org/february", "https://e.org/march-1", "https://e.org/march-2"],
            crawler.Discovered("ndb").Select(d => d.CanonicalUrl).Order(StringComparer.Ordinal));
        Assert.Null(source.Crawl.LastError);
        Assert.Null(source.Crawl.LastWarning);
    }

    [Fact]
    public async Task A_sitemap_index_cycle_terminates_with_a_warning()
    {
        await using var server = await ServeAsync(new()
        {
            ["/a.xml"] = Index("/a.xml", "/b.xml"),
            ["/b.xml"] = Index("/a.xml", "/leaf.xml"),
            ["/leaf.xml"] = UrlSet("https://e.org/leaf"),
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("loop", server.Url("a.xml"));

        var source = await crawler.PollAsync("loop");

        Assert.Equal(["https://e.org/leaf"], crawler.Discovered("loop").Select(d => d.CanonicalUrl));
        Assert.Null(source.Crawl.LastError);
        Assert.Equal(
            $"sitemap index {server.Url("b.xml")} lists {server.Url("a.xml")}, an index above it (a cycle); not followed again | sitemap index {server.Url("a.xml")} lists itself; not followed again",
            source.Crawl.LastWarning);
        Assert.Equal(1, requested.Count(p => p == "/a.xml"));
        Assert.Equal(1, requested.Count(p => p == "/b.xml"));
    }

    [Fact]
    public async Task An_index_nested_deeper_than_three_levels_is_not_followed_and_says_so()
    {
        await using var server = await ServeAsync(new()
        {
            ["/level1.xml"] = Index("/level2.xml"),
            ["/level2.xml"] = Index("/level3.xml"),
            ["/level3.xml"] = Index("/level4.xml", "/leaf3.xml"),
            ["/level4.xml"] = Index("/leaf4.xml"),
            ["/leaf3.xml"] = UrlSet("https://e.org/third"),
            ["/leaf4.xml"] = UrlSet("https://e.org/fourth"),
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("deep", server.Url("level1.xml"));

        var source = await crawler.PollAsync("deep");

        Assert.Equal(["https://e.org/third"], crawler.Discovered("deep").Select(d => d.CanonicalUrl));
        Assert.Equal($"sitemap {server.Url("level4.xml")} is an index nested more than 3 levels deep; not followed", source.Crawl.LastWarning);
        Assert.DoesNotContain("/leaf4.xml", requested);
    }

    [Fact]
    public async Task Stops_at_the_per_poll_sitemap_cap_newest_first_and_says_how_many_were_not_read()
    {
        await using var server = await ServeAsync(new()
        {
            ["/sitemap.xml"] = Index("/2026-01.xml", "/2026-02.xml", "/2026-03.xml"),
            ["/2026-01.xml"] = UrlSet("https://e.org/january"),
            ["/2026-02.xml"] = UrlSet("https://e.org/february"),
            ["/2026-03.xml"] = UrlSet("https://e.org/march"),
        });
        await using var crawler = await CrawlerHarness.StartAsync(o => o.MaxSitemapsPerPoll = 2);
        await crawler.AddSourceAsync("capped", server.Url("sitemap.xml"));

        var source = await crawler.PollAsync("capped");

        Assert.Equal(["https://e.org/february", "https://e.org/march"], crawler.Discovered("capped").Select(d => d.CanonicalUrl).Order(StringComparer.Ordinal));
        Assert.Equal("read only 2 child sitemaps per poll (Crawler:MaxSitemapsPerPoll); 1 more listed sitemap not read", source.Crawl.LastWarning);
        Assert.DoesNotContain("/2026-01.xml", requested);
    }

    [Fact]
    public async Task A_malformed_child_sitemap_is_read_as_far_as_it_goes_and_named_in_the_warning()
    {
        await using var server = await ServeAsync(new()
        {
            ["/sitemap.xml"] = Index("/good.xml", "/broken.xml"),
            ["/good.xml"] = UrlSet("https://e.org/good"),
            ["/broken.xml"] = UrlSet("https://e.org/kept").Replace("</urlset>", "<url><loc>https://e.org/lost", StringComparison.Ordinal),
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("partly", server.Url("sitemap.xml"));

        var source = await crawler.PollAsync("partly");

        Assert.Equal(["https://e.org/good", "https://e.org/kept"], crawler.Discovered("partly").Select(d => d.CanonicalUrl).Order(StringComparer.Ordinal));
        Assert.StartsWith($"sitemap {server.Url("broken.xml")}: not well-formed XML at line ", source.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.EndsWith("; kept 1 recovered item", source.Crawl.LastWarning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_sitemap_that_is_not_a_sitemap_fails_the_poll_naming_the_child()
    {
        await using var server = await ServeAsync(new()
        {
            ["/sitemap.xml"] = Index("/moved.xml"),
            ["/moved.xml"] = "<!DOCTYPE html><html><body>Page moved</body></html>",
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("moved", server.Url("sitemap.xml"));

        var source = await crawler.PollAsync("moved");

        Assert.Equal($"sitemap {server.Url("moved.xml")}: not a sitemap: HTML page", source.Crawl.LastError);
        Assert.Single(crawler.Failures("moved"));
    }

    [Fact]
    public async Task A_broken_child_sitemap_is_skipped_with_a_warning_and_the_items_of_the_others_are_kept()
    {
        await using var server = await ServeAsync(new()
        {
            ["/sitemap.xml"] = Index("/old.xml", "/moved.xml", "/missing.xml"),
            ["/old.xml"] = UrlSet("https://e.org/old-1", "https://e.org/old-2"),
            ["/moved.xml"] = "<!DOCTYPE html><html><body>Page moved</body></html>",
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("partly-broken", server.Url("sitemap.xml"));

        var source = await crawler.PollAsync("partly-broken");

        Assert.Equal(["https://e.org/old-1", "https://e.org/old-2"], crawler.Discovered("partly-broken").Select(d => d.CanonicalUrl).Order(StringComparer.Ordinal));
        Assert.Null(source.Crawl.LastError);
        Assert.Empty(crawler.Failures("partly-broken"));
        Assert.StartsWith($"sitemap {server.Url("missing.xml")}: ", source.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.Contains("404", source.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.Contains($" | sitemap {server.Url("moved.xml")}: not a sitemap: HTML page; skipped", source.Crawl.LastWarning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_no_child_sitemap_can_be_read_the_poll_fails_naming_the_first_and_counting_the_others()
    {
        await using var server = await ServeAsync(new()
        {
            ["/sitemap.xml"] = Index("/moved.xml", "/missing.xml", "/gone.xml"),
            ["/moved.xml"] = "<!DOCTYPE html><html><body>Page moved</body></html>",
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("all-broken", server.Url("sitemap.xml"));

        var source = await crawler.PollAsync("all-broken");

        Assert.Empty(crawler.Discovered("all-broken"));
        Assert.StartsWith($"sitemap {server.Url("gone.xml")}: ", source.Crawl.LastError, StringComparison.Ordinal);
        Assert.EndsWith("(and 2 more child sitemaps failed)", source.Crawl.LastError, StringComparison.Ordinal);
        Assert.Equal(1, source.Crawl.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_child_sitemap_answering_429_ends_the_walk_keeping_what_was_read_and_leaving_the_rest_for_the_next_poll()
    {
        await using var server = await ServeAsync(
            new()
            {
                ["/sitemap.xml"] = Index("/later.xml", "/busy.xml", "/newest.xml"),
                ["/newest.xml"] = UrlSet("https://e.org/newest"),
                ["/later.xml"] = UrlSet("https://e.org/later"),
            },
            busyPath: "/busy.xml");
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("busy", server.Url("sitemap.xml"));

        var source = await crawler.PollAsync("busy");

        Assert.Equal(["https://e.org/newest"], crawler.Discovered("busy").Select(d => d.CanonicalUrl));
        Assert.Null(source.Crawl.LastError);
        Assert.Contains("429", source.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.EndsWith("the host asked for a pause (Retry-After); 1 more listed sitemap not read this poll", source.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.DoesNotContain("/later.xml", requested);
    }

    /// <summary>An index listing <paramref name="paths"/> on the same server, oldest first, each with a distinct lastmod.</summary>
    private static string Index(params string[] paths) =>
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        + string.Concat(paths.Select((p, i) => $"<sitemap><loc>{{host}}{p}</loc><lastmod>2026-03-{i + 1:D2}</lastmod></sitemap>"))
        + "</sitemapindex>";

    private static string UrlSet(params string[] urls) =>
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        + string.Concat(urls.Select(u => $"<url><loc>{u}</loc></url>"))
        + "</urlset>";

    /// <summary>Serves each document at its path, with <c>{host}</c> replaced by the server's own origin, counting requests.</summary>
    /// <param name="busyPath">A path that answers 429 with Retry-After: 120.</param>
    private Task<LoopbackServer> ServeAsync(Dictionary<string, string> documents, string? busyPath = null) =>
        LoopbackServer.StartAsync(app =>
        {
            if (busyPath is not null)
            {
                app.MapGet(busyPath, (HttpContext c) =>
                {
                    requested.Add(busyPath);
                    c.Response.Headers.RetryAfter = "120";
                    return Results.StatusCode(StatusCodes.Status429TooManyRequests);
                });
            }

            foreach (var (path, body) in documents)
            {
                app.MapGet(path, (HttpContext c) =>
                {
                    requested.Add(path);
                    return Results.Text(body.Replace("{host}", $"http://{c.Request.Host}", StringComparison.Ordinal), "application/xml");
                });
            }
        });
}
