using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Fetching;

public sealed class RobotsTests
{
    private const string Robots = """
        # comments are ignored
        User-agent: *
        Disallow: /

        User-agent: Googlebot
        User-agent: BriWatch
        Disallow: /private/
        Allow: /private/feed.xml
        Disallow: /*.php$
        Crawl-delay: 2.5
        """;

    [Theory]
    [InlineData("/news/rss.xml", true)]
    [InlineData("/private/secret.xml", false)]
    [InlineData("/private/feed.xml", true)]
    [InlineData("/index.php", false)]
    [InlineData("/index.php?feed=rss", true)]
    public void Applies_the_group_naming_briwatch_with_longest_match(string path, bool allowed)
    {
        Assert.Equal(allowed, RobotsRules.Parse(Robots, "BriWatch").IsAllowed(path));
    }

    [Fact]
    public void Falls_back_to_the_star_group_and_reads_crawl_delay()
    {
        Assert.False(RobotsRules.Parse(Robots, "OtherBot").IsAllowed("/news/rss.xml"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), RobotsRules.Parse(Robots, "BriWatch").CrawlDelay);
        Assert.True(RobotsRules.Parse(string.Empty, "BriWatch").IsAllowed("/anything"));
    }

    [Fact]
    public async Task Fetcher_refuses_a_disallowed_feed_and_reads_robots_once_per_origin()
    {
        var robotsHits = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () =>
            {
                Interlocked.Increment(ref robotsHits);
                return Results.Text("User-agent: BriWatch\nDisallow: /private/\n");
            });
            app.MapGet("/private/feed", () => Results.Text(Samples.Rss(), "application/rss+xml"));
            app.MapGet("/public/feed", () => Results.Text(Samples.Rss(), "application/rss+xml"));
        });
        var fetcher = Fetchers.Create(o => o.RespectRobotsTxt = true);

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(server.Url("private/feed"), null, null, TestContext.Current.CancellationToken));
        var allowed = await fetcher.FetchAsync(server.Url("public/feed"), null, null, TestContext.Current.CancellationToken);

        Assert.Equal($"disallowed by {server.BaseUri.GetLeftPart(UriPartial.Authority)}/robots.txt", error.Message);
        Assert.NotEmpty(allowed.Body);
        Assert.Equal(1, robotsHits);
    }

    [Fact]
    public async Task A_missing_robots_txt_allows_everything()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Text(Samples.Rss(), "application/rss+xml")));

        var document = await Fetchers.Create(o => o.RespectRobotsTxt = true).FetchAsync(server.Url("feed"), null, null, TestContext.Current.CancellationToken);

        Assert.NotEmpty(document.Body);
    }
}
