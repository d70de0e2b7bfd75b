using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Listings;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Storage.Sources;

namespace BriWatch.Crawler.Tests.Listings;

public sealed class SourceDocumentReaderTests
{
    private static readonly Uri Url = new("https://english.mofcom.gov.cn/article/newsrelease/press/");

    private static Source SourceOf(SourceKind kind, Dictionary<string, string>? options = null) => new()
    {
        Id = "mofcom-press",
        Name = "MOFCOM press conferences",
        Url = Url.AbsoluteUri,
        Kind = kind,
        Options = options ?? [],
    };

    [Fact]
    public void Auto_reads_a_feed_with_the_feed_parser()
    {
        var body = Samples.Utf8(Samples.Rss(("NDB approves loan", "https://brics.example.org/ndb-loan")));

        var document = SourceDocumentReader.Read(SourceOf(SourceKind.Auto), body, Url, "text/html");

        Assert.True(document.HasFeed);
        Assert.Equal("rss20", document.Feed.Format);
        Assert.Equal("https://brics.example.org/ndb-loan", Assert.Single(document.Feed.Items).Link);
        Assert.Empty(document.ChildSitemaps);
    }

    [Fact]
    public void Auto_reads_a_sitemap_with_the_sitemap_parser()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://english.mofcom.gov.cn/a/1.shtml</loc></url></urlset>
            """;

        var document = SourceDocumentReader.Read(SourceOf(SourceKind.Auto), Samples.Utf8(xml), Url, "text/xml");

        Assert.Equal("sitemap", document.Feed?.Format);
    }

    [Fact]
    public void Auto_points_at_the_advertised_feed_of_an_html_page()
    {
        var document = SourceDocumentReader.Read(SourceOf(SourceKind.Auto), ListingFixtures.Bytes("page-with-feeds.html"), Url, "text/html");

        Assert.False(document.HasFeed);
        Assert.Equal(new Uri("https://economy.gov.example/news/atom.xml"), document.DiscoveredFeedUrl);
        Assert.Equal([new Uri("https://pubsubhubbub.appspot.com/")], document.Discovered.Hubs);
    }

    [Fact]
    public void Auto_reads_an_html_page_without_feed_links_as_a_listing()
    {
        var document = SourceDocumentReader.Read(SourceOf(SourceKind.Auto), ListingFixtures.Bytes("mofcom-news.html"), Url, "text/html; charset=utf-8");

        Assert.Equal("html-listing", document.Feed?.Format);
        Assert.Equal(7, document.Feed?.Items.Count);
    }

    [Fact]
    public void Auto_rejects_an_html_page_without_feed_links_or_article_list()
    {
        var ex = Assert.Throws<FeedParseException>(() =>
            SourceDocumentReader.Read(SourceOf(SourceKind.Auto), ListingFixtures.Bytes("article-page.html"), Url, "text/html"));

        Assert.Equal("not a feed: HTML page without feed links or article list", ex.Message);
    }

    [Fact]
    public void Html_list_sources_use_their_configured_selectors()
    {
        var source = SourceOf(SourceKind.HtmlList, new() { ["itemSelector"] = "ul.txtList_01 li", ["dateSelector"] = "span" });

        var document = SourceDocumentReader.Read(source, ListingFixtures.Bytes("mofcom-news.html"), Url, "text/html");

        Assert.Equal("html-listing", document.Feed?.Format);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), document.Feed?.Items[0].Published);
    }

    [Fact]
    public void Sitemap_sources_list_the_child_sitemaps_of_an_index()
    {
        const string xml = """
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>https://english.mofcom.gov.cn/sitemap-1.xml</loc></sitemap>
              <sitemap><loc>https://english.mofcom.gov.cn/sitemap-2.xml</loc></sitemap>
              <sitemap><loc>https://english.mofcom.gov.cn/sitemap-3.xml</loc></sitemap>
            </sitemapindex>
            """;
        var source = SourceOf(SourceKind.Sitemap, new() { ["maxSitemaps"] = "2" });

        var document = SourceDocumentReader.Read(source, Samples.Utf8(xml), Url, "application/xml");

        Assert.Equal("sitemap-index", document.Feed?.Format);
        Assert.Equal([new Uri("https://english.mofcom.gov.cn/sitemap-3.xml"), new Uri("https://english.mofcom.gov.cn/sitemap-2.xml")], document.ChildSitemaps);
    }

    [Fact]
    public void Rejects_an_invalid_max_sitemaps_option()
    {
        var source = SourceOf(SourceKind.Sitemap, new() { ["maxSitemaps"] = "lots" });

        var ex = Assert.Throws<FeedParseException>(() => SourceDocumentReader.Read(source, Samples.Utf8("<urlset/>"), Url, null));

        Assert.Equal("invalid source option maxSitemaps 'lots': expected a whole number from 1 to 1000", ex.Message);
    }

    [Fact]
    public void Rss_sources_report_an_html_page_as_not_a_feed()
    {
        var ex = Assert.Throws<FeedParseException>(() =>
            SourceDocumentReader.Read(SourceOf(SourceKind.Rss), ListingFixtures.Bytes("mofcom-news.html"), Url, "text/html"));

        Assert.Equal("not a feed: HTML page", ex.Message);
    }

    [Theory]
    [InlineData(SourceKind.Auto)]
    [InlineData(SourceKind.Rss)]
    [InlineData(SourceKind.HtmlList)]
    [InlineData(SourceKind.Sitemap)]
    public void Rejects_an_empty_body_for_every_kind(SourceKind kind)
    {
        var ex = Assert.Throws<FeedParseException>(() => SourceDocumentReader.Read(SourceOf(kind), [], Url, null));

        Assert.EndsWith("empty body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_rejects_garbage_with_a_readable_error()
    {
        var ex = Assert.Throws<FeedParseException>(() => SourceDocumentReader.Read(SourceOf(SourceKind.Auto), Samples.Utf8("%PDF-1.7 binary"), Url, "application/octet-stream"));

        Assert.StartsWith("not a feed", ex.Message, StringComparison.Ordinal);
    }
}
