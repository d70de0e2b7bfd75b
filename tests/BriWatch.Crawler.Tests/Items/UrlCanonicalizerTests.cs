using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Items;

namespace BriWatch.Crawler.Tests.Items;

public sealed class UrlCanonicalizerTests
{
    [Theory]
    [InlineData("HTTPS://News.Example.ORG:443/a/b?id=7&utm_source=rss&utm_medium=feed#top", "https://news.example.org/a/b?id=7")]
    [InlineData("http://example.org:80/x?fbclid=abc&gclid=def&page=2", "http://example.org/x?page=2")]
    [InlineData("http://example.org:8080/x", "http://example.org:8080/x")]
    [InlineData("https://example.org", "https://example.org/")]
    [InlineData("https://example.org/path?mc_cid=1&MC_EID=2&_ga=3&yclid=4&msclkid=5", "https://example.org/path")]
    [InlineData("https://例子.中国/新闻", "https://xn--fsqu00a.xn--fiqs8s/%E6%96%B0%E9%97%BB")]
    [InlineData("https://www-example-org.cdn.ampproject.org/c/s/www.example.org/news/byd-plant?utm_source=x", "https://www.example.org/news/byd-plant")]
    [InlineData("https://amp.example.org/news/byd-plant", "https://example.org/news/byd-plant")]
    [InlineData("https://m.tass.com/economy/123", "https://tass.com/economy/123")]
    [InlineData("https://mobile.example.org/a", "https://example.org/a")]
    [InlineData("https://example.org/news/byd-plant/amp/", "https://example.org/news/byd-plant/")]
    [InlineData("https://example.org/news/byd-plant/amp", "https://example.org/news/byd-plant")]
    [InlineData("https://example.org/amp/news/byd-plant", "https://example.org/news/byd-plant")]
    [InlineData("https://example.org/news/byd-plant.amp.html", "https://example.org/news/byd-plant.html")]
    [InlineData("https://example.org/news/byd-plant?outputType=amp&id=7", "https://example.org/news/byd-plant?id=7")]
    [InlineData("https://example.org/news/byd-plant?amp", "https://example.org/news/byd-plant")]
    [InlineData("https://m.ru/news", "https://m.ru/news")]
    [InlineData("https://example.org/examples/camp", "https://example.org/examples/camp")]
    public void Strips_tracking_fragments_default_ports_and_lowercases_host(string input, string expected)
    {
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/relative/path")]
    [InlineData("mailto:desk@example.org")]
    [InlineData("javascript:alert(1)")]
    public void Returns_null_for_anything_but_absolute_http_urls(string? input)
    {
        Assert.Null(UrlCanonicalizer.Canonicalize(input));
    }

    [Fact]
    public void Same_article_linked_with_tracking_parameters_gets_the_same_id()
    {
        var plain = ItemKeys.For(new FeedItem { Link = "https://example.org/a", Title = "A" });
        var tracked = ItemKeys.For(new FeedItem { Link = "https://EXAMPLE.org/a?utm_campaign=x#c", Title = "A (edited)" });

        Assert.Equal(plain.ArticleId, tracked.ArticleId);
        Assert.Equal(16, plain.ArticleId.Length);
        Assert.Matches("^[0-9a-f]{16}$", plain.ArticleId);
    }

    [Fact]
    public void Id_falls_back_to_guid_then_to_title_and_content()
    {
        var byGuid = ItemKeys.For(new FeedItem { Id = "urn:uuid:1", Title = "T" });
        var byContent = ItemKeys.For(new FeedItem { Title = "T", Summary = "S" });

        Assert.Equal(ItemKeys.Hash("urn:uuid:1"), byGuid.ArticleId);
        Assert.Equal(["guid:urn:uuid:1"], byGuid.Keys);
        Assert.Equal(ItemKeys.Hash("T\nS"), byContent.ArticleId);
        Assert.Equal(["hash:" + ItemKeys.Hash("T\nS")], byContent.Keys);
    }

    [Fact]
    public void Keys_include_both_link_and_guid_so_either_identifies_the_item()
    {
        var keys = ItemKeys.For(new FeedItem { Id = "https://example.org/a?utm_source=x", Link = "https://example.org/a" });

        Assert.Equal(["url:https://example.org/a", "guid:https://example.org/a"], keys.Keys);
    }
}
