using System.Net;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Fetching;

public sealed class FeedFetcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sends_user_agent_and_returns_body_with_validators()
    {
        string? userAgent = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            userAgent = c.Request.Headers.UserAgent;
            c.Response.Headers.ETag = "\"v1\"";
            c.Response.Headers.LastModified = "Tue, 05 Mar 2024 08:30:00 GMT";
            return Results.Text(Samples.Rss(("A", "https://e.org/a")), "application/rss+xml");
        }));

        var document = await Fetchers.Create().FetchAsync(server.Url("feed"), null, null, Ct);

        Assert.False(document.NotModified);
        Assert.Equal("BriWatch/1.0 (+https://github.com/briwatch/briwatch)", userAgent);
        Assert.Equal("\"v1\"", document.ETag);
        Assert.Equal("Tue, 05 Mar 2024 08:30:00 GMT", document.LastModified);
        Assert.StartsWith("application/rss+xml", document.ContentType, StringComparison.Ordinal);
        Assert.NotEmpty(document.Body);
    }

    [Fact]
    public async Task Conditional_get_sends_validators_and_handles_304()
    {
        string? ifNoneMatch = null;
        string? ifModifiedSince = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            ifNoneMatch = c.Request.Headers.IfNoneMatch;
            ifModifiedSince = c.Request.Headers.IfModifiedSince;
            return Results.StatusCode(304);
        }));

        var document = await Fetchers.Create().FetchAsync(server.Url("feed"), "\"v1\"", "Tue, 05 Mar 2024 08:30:00 GMT", Ct);

        Assert.True(document.NotModified);
        Assert.Equal("\"v1\"", ifNoneMatch);
        Assert.Equal("Tue, 05 Mar 2024 08:30:00 GMT", ifModifiedSince);
        Assert.Equal("\"v1\"", document.ETag);
        Assert.Empty(document.Body);
    }

    [Theory]
    [InlineData(404, "HTTP 404 Not Found")]
    [InlineData(403, "HTTP 403 Forbidden")]
    [InlineData(500, "HTTP 500 Internal Server Error")]
    public async Task Error_status_becomes_a_readable_error(int status, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.StatusCode(status)));

        var error = await Assert.ThrowsAsync<FetchException>(() => Fetchers.Create().FetchAsync(server.Url("feed"), null, null, Ct));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            c.Response.Headers.RetryAfter = "120";
            return Results.StatusCode(429);
        }));

        var error = await Assert.ThrowsAsync<FetchException>(() => Fetchers.Create().FetchAsync(server.Url("feed"), null, null, Ct));

        Assert.Equal("HTTP 429 Too Many Requests", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
    }

    [Fact]
    public async Task Refuses_loopback_unless_private_networks_are_allowed()
    {
        var hits = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () =>
        {
            Interlocked.Increment(ref hits);
            return Results.Text("<rss/>");
        }));

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            Fetchers.Create(o => o.AllowPrivateNetworks = false).FetchAsync(server.Url("feed"), null, null, Ct));

        Assert.StartsWith("refused: 127.0.0.1 resolves to non-public address 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Crawler:AllowPrivateNetworks", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, hits);
    }

    [Fact]
    public async Task Refuses_a_host_name_that_resolves_to_loopback()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Text("<rss/>")));
        var byName = new UriBuilder(server.Url("feed")) { Host = "localhost" }.Uri;

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            Fetchers.Create(o => o.AllowPrivateNetworks = false).FetchAsync(byName, null, null, Ct));

        Assert.StartsWith("refused: localhost resolves to non-public address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guard_also_applies_after_a_redirect()
    {
        await using var target = await LoopbackServer.StartAsync(app => app.MapGet("/internal", () => Results.Text("secret")));
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Redirect(target.Url("internal").ToString())));
        // Only the first hop is let through by this handler; the redirect target must be checked again on connect.
        var options = new CrawlerOptions { AllowPrivateNetworks = false, RespectRobotsTxt = false };
        var handler = FeedFetcher.CreateHandler(options);
        var firstHop = true;
        var guarded = handler.ConnectCallback!;
        var open = FeedFetcher.CreateHandler(new CrawlerOptions { AllowPrivateNetworks = true }).ConnectCallback!;
        handler.ConnectCallback = (context, token) =>
        {
            var allowed = firstHop;
            firstHop = false;
            return allowed ? open(context, token) : guarded(context, token);
        };
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var fetcher = new FeedFetcher(new HttpClient(handler), new HostGate(TimeProvider.System, wrapped), new RobotsCache(TimeProvider.System), wrapped, TimeProvider.System);

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(server.Url("feed"), null, null, Ct));

        Assert.StartsWith("refused:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follows_up_to_five_redirects_and_reports_the_final_url()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/r/{n:int}", (int n) => n == 0 ? Results.Text(Samples.Rss(), "application/rss+xml") : Results.Redirect($"/r/{n - 1}"));
        });

        var document = await Fetchers.Create().FetchAsync(server.Url("r/5"), null, null, Ct);
        var error = await Assert.ThrowsAsync<FetchException>(() => Fetchers.Create().FetchAsync(server.Url("r/6"), null, null, Ct));

        Assert.Equal(server.Url("r/0"), document.Url);
        Assert.Equal("too many redirects (more than 5)", error.Message);
    }

    [Fact]
    public async Task Redirect_loop_is_an_error()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Redirect("/b"));
            app.MapGet("/b", () => Results.Redirect("/a"));
        });

        var error = await Assert.ThrowsAsync<FetchException>(() => Fetchers.Create().FetchAsync(server.Url("a"), null, null, Ct));

        Assert.StartsWith("redirect loop:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cuts_off_a_body_larger_than_the_cap()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/big", async (HttpContext c) =>
        {
            // Chunked, no Content-Length: the cap must be enforced while reading.
            var block = new byte[64 * 1024];
            for (var i = 0; i < 50 * 16; i++)
            {
                await c.Response.Body.WriteAsync(block, c.RequestAborted);
            }
        }));

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            Fetchers.Create(o => o.MaxResponseBytes = 1024 * 1024).FetchAsync(server.Url("big"), null, null, Ct));

        Assert.StartsWith("response larger than 1 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_the_cap_after_decompression_so_a_gzip_bomb_is_stopped()
    {
        var bomb = BadInputs.GzipBomb;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/bomb", (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(bomb, "application/xml");
        }));

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            Fetchers.Create(o => o.MaxResponseBytes = 10L * 1024 * 1024).FetchAsync(server.Url("bomb"), null, null, Ct));

        Assert.True(bomb.Length < 1024 * 1024);
        Assert.Equal("response larger than 10 MB (after decompression); cut off", error.Message);
    }

    [Fact]
    public async Task Times_out_a_server_that_drips_one_byte_at_a_time()
    {
        using var release = new CancellationTokenSource();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/drip", async (HttpContext c) =>
        {
            await c.Response.Body.WriteAsync("<"u8.ToArray(), c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            // Never finishes on its own; the fetcher's deadline has to end the exchange.
            await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, release.Token).Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }));

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            Fetchers.Create(o => o.RequestTimeout = TimeSpan.FromMilliseconds(500)).FetchAsync(server.Url("drip"), null, null, Ct));
        await release.CancelAsync();

        Assert.Equal("timed out after 0.5 s", error.Message);
    }

    [Fact]
    public async Task Connection_refused_is_reported_readably()
    {
        Uri url;
        await using (var server = await LoopbackServer.StartAsync(_ => { }))
        {
            url = server.Url("feed");
        }

        var error = await Assert.ThrowsAsync<FetchException>(() => Fetchers.Create().FetchAsync(url, null, null, Ct));

        Assert.StartsWith("could not connect to 127.0.0.1", error.Message, StringComparison.Ordinal);
    }
}
