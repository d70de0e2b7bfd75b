using System.Net;
using System.Net.Sockets;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Fetching;

/// <summary>Proxy bypass of the SSRF guard, robots.txt and host turns on redirects, and unreadable robots.txt (RFC 9309).</summary>
public sealed class FetchSafetyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_handler_ignores_a_configured_proxy_so_the_guard_sees_the_real_target()
    {
        // A "proxy" that would answer every request; reaching it would mean the guard checked its address instead.
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var proxyHits = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await proxy.AcceptTcpClientAsync(Ct);
                Interlocked.Increment(ref proxyHits);
                await client.GetStream().WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), Ct);
            }
        }, Ct);
        var options = new CrawlerOptions { AllowPrivateNetworks = false };
        using var handler = FeedFetcher.CreateHandler(options);
        handler.Proxy = new WebProxy($"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}");
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("http://10.0.0.1/feed", Ct));

        Assert.False(handler.UseProxy);
        Assert.StartsWith("refused: 10.0.0.1 resolves to non-public address", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, proxyHits);
    }

    [Fact]
    public async Task A_redirect_to_a_path_the_target_hosts_robots_txt_disallows_is_refused()
    {
        await using var target = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /private/\n"));
                app.MapGet("/private/feed", () => Results.Text(Samples.Rss(("Secret", "https://e.org/s")), "application/rss+xml"));
            },
            "127.0.0.2");
        await using var origin = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Redirect(target.Url("private/feed").ToString())));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.RespectRobotsTxt = true);
        await crawler.AddSourceAsync("redirected", origin.Url("feed"));

        var source = await crawler.PollAsync("redirected");

        Assert.Equal($"disallowed by {target.BaseUri.GetLeftPart(UriPartial.Authority)}/robots.txt", source.Crawl.LastError);
        Assert.Empty(crawler.Discovered("redirected"));
    }

    [Fact]
    public async Task A_redirect_to_another_host_waits_for_that_hosts_turn()
    {
        var targetHits = new List<DateTimeOffset>();
        await using var target = await LoopbackServer.StartAsync(
            app => app.MapGet("/feed", () =>
            {
                lock (targetHits)
                {
                    targetHits.Add(DateTimeOffset.UtcNow);
                }

                return Results.Text(Samples.Rss(("A", "https://e.org/a")), "application/rss+xml");
            }),
            "127.0.0.2");
        await using var origin = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Redirect(target.Url("feed").ToString())));
        var fetcher = Fetchers.Create(o => o.PerHostDelay = TimeSpan.FromMilliseconds(700));

        // The first fetch goes straight to the target; the second arrives through the other host's redirect and must wait.
        await fetcher.FetchAsync(target.Url("feed"), null, null, Ct);
        await fetcher.FetchAsync(origin.Url("feed"), null, null, Ct);

        Assert.Equal(2, targetHits.Count);
        Assert.True(targetHits[1] - targetHits[0] >= TimeSpan.FromMilliseconds(600), $"second request after {(targetHits[1] - targetHits[0]).TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task An_unreadable_robots_txt_disallows_everything_when_no_earlier_rules_are_known(int status)
    {
        var feedHits = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.StatusCode(status));
            app.MapGet("/feed", () =>
            {
                Interlocked.Increment(ref feedHits);
                return Results.Text(Samples.Rss(("A", "https://e.org/a")), "application/rss+xml");
            });
        });
        await using var crawler = await CrawlerHarness.StartAsync(o => o.RespectRobotsTxt = true);
        await crawler.AddSourceAsync("robots-down", server.Url("feed"));

        var source = await crawler.PollAsync("robots-down");

        Assert.Equal($"robots.txt unavailable (HTTP {status}); not fetching until it can be read", source.Crawl.LastError);
        Assert.Equal(0, feedHits);
    }

    [Fact]
    public async Task An_unreachable_robots_txt_disallows_everything()
    {
        var cache = new RobotsCache(TimeProvider.System);

        var rules = await cache.GetAsync(new Uri("https://e.org/feed"), "BriWatch", (_, _) => throw new FetchException("could not connect to e.org:443 (connection refused)") { Unreachable = true }, Ct);

        Assert.False(rules.IsAllowed("/feed"));
        Assert.Equal("could not connect to e.org:443 (connection refused)", rules.Unavailable);
        Assert.True(rules.HostUnreachable);
    }

    [Fact]
    public async Task A_host_refusing_connections_is_reported_as_a_connect_failure_not_as_robots_txt()
    {
        Uri url;
        await using (var server = await LoopbackServer.StartAsync(_ => { }))
        {
            url = server.Url("feed");
        }

        await using var crawler = await CrawlerHarness.StartAsync(o => o.RespectRobotsTxt = true);
        await crawler.AddSourceAsync("refusing", url);

        var source = await crawler.PollAsync("refusing");

        Assert.Equal($"could not connect to 127.0.0.1:{url.Port} (connection refused)", source.Crawl.LastError);
    }

    [Fact]
    public async Task A_host_whose_name_does_not_resolve_is_reported_as_a_dns_failure_not_as_robots_txt()
    {
        await using var crawler = await CrawlerHarness.StartAsync(o => o.RespectRobotsTxt = true);
        await crawler.AddSourceAsync("no-such-host", new Uri("http://no-such-host.invalid/feed"));

        var source = await crawler.PollAsync("no-such-host");

        Assert.StartsWith("DNS lookup failed for no-such-host.invalid", source.Crawl.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(410)]
    public async Task A_4xx_robots_txt_other_than_429_allows_everything(int status)
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.StatusCode(status));
            app.MapGet("/feed", () => Results.Text(Samples.Rss(("A", "https://e.org/a")), "application/rss+xml"));
        });

        var document = await Fetchers.Create(o => o.RespectRobotsTxt = true).FetchAsync(server.Url("feed"), null, null, Ct);

        Assert.NotEmpty(document.Body);
    }

    [Fact]
    public async Task A_robots_txt_that_redirects_in_a_loop_is_unavailable_and_allows_everything()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            // RFC 9309 §2.2.2: a robots.txt not reached within five redirects is "unavailable", not "unreachable".
            app.MapGet("/robots.txt", () => Results.Redirect("/robots-moved.txt"));
            app.MapGet("/robots-moved.txt", () => Results.Redirect("/robots.txt"));
            app.MapGet("/feed", () => Results.Text(Samples.Rss(("A", "https://e.org/a")), "application/rss+xml"));
        });

        var document = await Fetchers.Create(o => o.RespectRobotsTxt = true).FetchAsync(server.Url("feed"), null, null, Ct);

        Assert.NotEmpty(document.Body);
    }

    [Fact]
    public async Task A_robots_txt_outage_keeps_the_last_rules_read_and_asks_again_soon()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(CrawlerHarness.Start);
        var cache = new RobotsCache(time);
        var answer = (FetchedDocument?)null;
        Task<FetchedDocument> Fetch(Uri url, CancellationToken token) =>
            answer is { } document ? Task.FromResult(document) : throw new FetchException("HTTP 503 Service Unavailable", 503);
        var url = new Uri("https://e.org/news/feed");

        answer = new FetchedDocument(url, false, Samples.Utf8("User-agent: *\nDisallow: /private/\n"), "text/plain", null, null, null);
        await cache.GetAsync(url, "BriWatch", Fetch, Ct);
        time.Advance(TimeSpan.FromHours(25));
        answer = null;
        var during = await cache.GetAsync(url, "BriWatch", Fetch, Ct);
        time.Advance(TimeSpan.FromMinutes(11));
        answer = new FetchedDocument(url, false, Samples.Utf8("User-agent: *\nDisallow: /news/\n"), "text/plain", null, null, null);
        var after = await cache.GetAsync(url, "BriWatch", Fetch, Ct);

        Assert.Null(during.Unavailable);
        Assert.True(during.IsAllowed("/news/feed"));
        Assert.False(during.IsAllowed("/private/x"));
        Assert.False(after.IsAllowed("/news/feed"));
    }

    [Fact]
    public void A_failed_status_is_carried_on_the_exception()
    {
        Assert.Equal(503, new FetchException("HTTP 503 Service Unavailable", 503).StatusCode);
        Assert.Null(new FetchException("timed out after 20 s").StatusCode);
    }
}
