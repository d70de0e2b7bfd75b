using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Listings;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Listings;

public sealed class FeedDiscoveryTests
{
    private static readonly Uri PageUrl = new("https://economy.gov.example/news/");

    [Fact]
    public void Lists_advertised_feeds_resolved_with_rss_and_atom_first_and_comment_feeds_last()
    {
        var found = FeedDiscovery.Find(ListingFixtures.Bytes("page-with-feeds.html"), PageUrl, "text/html");

        Assert.Equal(
            [
                "https://economy.gov.example/news/atom.xml",
                "https://economy.gov.example/news/rss.xml",
                "https://economy.gov.example/news/feed.json",
                "https://economy.gov.example/news/legacy.json",
                "https://economy.gov.example/comments/feed/",
            ],
            found.Feeds.Select(f => f.Url.AbsoluteUri));
        Assert.Equal(new DiscoveredFeed(new Uri("https://economy.gov.example/news/rss.xml"), "application/rss+xml", "Новости"), found.Feeds[1]);
    }

    [Fact]
    public void Finds_websub_hub_and_self_links()
    {
        var found = FeedDiscovery.Find(ListingFixtures.Bytes("page-with-feeds.html"), PageUrl, "text/html");

        Assert.Equal([new Uri("https://pubsubhubbub.appspot.com/")], found.Hubs);
        Assert.Equal(new Uri("https://economy.gov.example/news/"), found.Self);
    }

    [Fact]
    public void Ignores_rest_api_and_oembed_alternates()
    {
        var found = FeedDiscovery.Find(ListingFixtures.Bytes("ndb-news.html"), new Uri("https://www.ndb.int/news/"), "text/html");

        Assert.Empty(found.Feeds);
        Assert.Empty(found.Hubs);
        Assert.Null(found.Self);
    }

    [Fact]
    public void Ignores_javascript_feed_links()
    {
        const string html = """<html><head><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"></head></html>""";

        Assert.Empty(FeedDiscovery.Find(Samples.Utf8(html), PageUrl, "text/html").Feeds);
    }

    [Fact]
    public void Rejects_an_empty_body()
    {
        var ex = Assert.Throws<FeedParseException>(() => FeedDiscovery.Find([], PageUrl, "text/html"));

        Assert.Equal("not an HTML page: empty body", ex.Message);
    }
}
