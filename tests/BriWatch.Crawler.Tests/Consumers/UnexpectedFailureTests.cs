using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Crawler.WebSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Crawler.Tests.Consumers;

/// <summary>Failures nobody planned for, after the feed was read: they must cost one item or the WebSub step, never the poll.</summary>
public sealed class UnexpectedFailureTests
{
    [Fact]
    public async Task An_article_page_that_fails_unexpectedly_falls_back_to_the_feed_text_and_later_items_are_announced()
    {
        LoopbackServer? server = null;
        server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Text(
            $"""
            <rss version="2.0"><channel><title>F</title>
            <item><title>Broken page</title><link>{server!.Url("broken")}</link><description>Teaser one</description></item>
            <item><title>Second</title><link>https://e.org/second</link><description>Teaser two</description></item>
            </channel></rss>
            """,
            "application/rss+xml")));
        await using var _ = server;
        await using var crawler = await CrawlerHarness.StartAsync(
            replace: services => services.AddHttpClient<FeedFetcher>().AddHttpMessageHandler(() => new ThrowingHandler("/broken")));
        await crawler.AddSourceAsync("pages", server.Url("feed"));

        var source = await crawler.PollAsync("pages");

        Assert.Equal(["Teaser one", "Teaser two"], crawler.Discovered("pages").Select(d => d.Text));
        Assert.Null(source.Crawl.LastError);
        Assert.Equal(0, source.Crawl.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_hub_client_that_fails_unexpectedly_does_not_cost_the_poll()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) => Results.Text(
            $"""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>F</title>
            <atom:link rel="hub" href="http://127.0.0.1:9/hub"/><atom:link rel="self" href="{c.Request.Scheme}://{c.Request.Host}/feed"/>
            <item><title>Pushed later</title><link>https://e.org/pushed</link></item>
            </channel></rss>
            """,
            "application/rss+xml")));
        await using var crawler = await CrawlerHarness.StartAsync(
            o =>
            {
                o.FetchArticlePages = false;
                o.WebSub.CallbackBaseUrl = "http://127.0.0.1:9/";
            },
            replace: services => services.AddHttpClient<WebSubHubClient>().AddHttpMessageHandler(() => new ThrowingHandler("/hub")));
        await crawler.AddSourceAsync("hubbed", server.Url("feed"));

        var source = await crawler.PollAsync("hubbed");

        Assert.Equal(["Pushed later"], crawler.Discovered("hubbed").Select(d => d.Title));
        Assert.Null(source.Crawl.LastError);
        Assert.Equal(CrawlerHarness.Start, source.Crawl.LastSuccessAt);
    }

    /// <summary>Throws something no caller catches by type, as a bug deep in a library would.</summary>
    private sealed class ThrowingHandler(string path) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath == path
                ? throw new InvalidOperationException($"unexpected failure for {path}")
                : base.SendAsync(request, cancellationToken);
    }
}
