using System.IO.Compression;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Listings;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Listings;

public sealed class SitemapParserTests
{
    private static readonly Uri SitemapUrl = new("https://www.yidaiyilu.gov.cn/sitemap.xml");

    private const string UrlSet = """
        <?xml version="1.0" encoding="UTF-8"?>
        <?xml-stylesheet type="text/xsl" href="/sitemap.xsl"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
          <url>
            <loc>https://www.yidaiyilu.gov.cn/p/412345.html</loc>
            <lastmod>2026-11-23T10:30:00+08:00</lastmod>
            <changefreq>never</changefreq>
            <image:image><image:loc>https://www.yidaiyilu.gov.cn/img/1.jpg</image:loc><image:title>Photo</image:title></image:image>
          </url>
          <url><loc>https://www.yidaiyilu.gov.cn/p/412301.html</loc><lastmod>2026-11-22</lastmod></url>
          <url><loc>https://www.yidaiyilu.gov.cn/p/412301.html</loc></url>
          <url><loc>/p/412288.html</loc></url>
          <url><loc>ftp://files.example.org/x</loc></url>
        </urlset>
        """;

    [Fact]
    public void Reads_urls_and_lastmod_from_a_sitemap()
    {
        var feed = SitemapParser.Parse(Samples.Utf8(UrlSet), SitemapUrl, "application/xml");

        Assert.Equal("sitemap", feed.Format);
        Assert.True(feed.WellFormed);
        Assert.Equal(
            ["https://www.yidaiyilu.gov.cn/p/412345.html", "https://www.yidaiyilu.gov.cn/p/412301.html", "https://www.yidaiyilu.gov.cn/p/412288.html"],
            feed.Items.Select(i => i.Link));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 30, 0, TimeSpan.Zero), feed.Items[0].Updated);
        Assert.Null(feed.Items[0].Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), feed.Items[1].Updated);
    }

    [Fact]
    public void Reads_title_date_and_language_from_a_google_news_sitemap()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
              <url>
                <loc>https://tass.example/economy/2026-11-23/brics-payments</loc>
                <news:news>
                  <news:publication><news:name>TASS</news:name><news:language>ru</news:language></news:publication>
                  <news:publication_date>2026-11-23T12:00:00+03:00</news:publication_date>
                  <news:title>Страны БРИКС обсудили систему расчётов &amp; платежей</news:title>
                  <news:keywords>БРИКС, платежи , экономика</news:keywords>
                </news:news>
              </url>
              <url>
                <loc>https://tass.example/economy/2026-11-22/ndb</loc>
                <news:news>
                  <news:publication><news:name>TASS</news:name><news:language>ru</news:language></news:publication>
                  <news:publication_date>2026-11-22</news:publication_date>
                  <news:title><![CDATA[НБР выпустит облигации в <b>рублях</b>]]></news:title>
                </news:news>
              </url>
            </urlset>
            """;

        var feed = SitemapParser.Parse(Samples.Utf8(xml), new Uri("https://tass.example/news-sitemap.xml"), "text/xml");

        Assert.Equal("google-news-sitemap", feed.Format);
        Assert.Equal("TASS", feed.Feed.Title);
        Assert.Equal("ru", feed.Feed.Language);
        Assert.Equal(2, feed.Items.Count);
        var first = feed.Items[0];
        Assert.Equal("Страны БРИКС обсудили систему расчётов & платежей", first.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), first.Published);
        Assert.Equal("ru", first.Language);
        Assert.Equal(["БРИКС", "платежи", "экономика"], first.Categories);
        Assert.Equal("НБР выпустит облигации в рублях", feed.Items[1].Title);
    }

    [Fact]
    public void Returns_the_newest_child_sitemaps_of_a_sitemap_index_up_to_the_limit()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>https://www.ndb.int/sitemap-2026-09.xml</loc><lastmod>2026-09-30</lastmod></sitemap>
              <sitemap><loc>https://www.ndb.int/sitemap-2026-10.xml</loc><lastmod>2026-10-31</lastmod></sitemap>
              <sitemap><loc>https://www.ndb.int/sitemap-2026-11.xml</loc><lastmod>2026-11-23T08:00:00Z</lastmod></sitemap>
              <sitemap><loc>https://www.ndb.int/sitemap-pages.xml</loc></sitemap>
            </sitemapindex>
            """;

        var feed = SitemapParser.Parse(Samples.Utf8(xml), new Uri("https://www.ndb.int/sitemap_index.xml"), "application/xml", maxSitemaps: 2);

        Assert.Equal("sitemap-index", feed.Format);
        Assert.Equal(["https://www.ndb.int/sitemap-2026-11.xml", "https://www.ndb.int/sitemap-2026-10.xml"], feed.Items.Select(i => i.Link));
    }

    [Fact]
    public void Reads_a_gzip_compressed_sitemap()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Samples.Utf8(UrlSet));
        }

        var feed = SitemapParser.Parse(buffer.ToArray(), SitemapUrl, "application/x-gzip");

        Assert.Equal(3, feed.Items.Count);
    }

    [Fact]
    public void Keeps_the_entries_read_before_a_syntax_error()
    {
        var broken = UrlSet.Replace("<url><loc>/p/412288.html</loc></url>", "<url><loc>/p/412288.html</url>", StringComparison.Ordinal);

        var feed = SitemapParser.Parse(Samples.Utf8(broken), SitemapUrl, "application/xml");

        Assert.False(feed.WellFormed);
        Assert.StartsWith("not well-formed XML at line", feed.Error, StringComparison.Ordinal);
        Assert.Equal(2, feed.Items.Count);
    }

    [Fact]
    public void Leaves_a_billion_laughs_sitemap_unexpanded()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE urlset [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
              <!ENTITY xxe SYSTEM "file:///etc/passwd">
            ]>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://www.example.org/safe</loc></url>
              <url><loc>https://www.example.org/&lol9;</loc></url>
              <url><loc>https://www.example.org/&xxe;</loc></url>
            </urlset>
            """;

        var feed = SitemapParser.Parse(Samples.Utf8(xml), SitemapUrl, "application/xml");

        Assert.False(feed.WellFormed);
        Assert.Equal("https://www.example.org/safe", Assert.Single(feed.Items).Link);
    }

    [Theory]
    [InlineData("", "not a sitemap: empty body")]
    [InlineData("<!DOCTYPE html><html><body>Hello</body></html>", "not a sitemap: HTML page")]
    [InlineData("<rss version=\"2.0\"><channel/></rss>", "not a sitemap: root element <rss>")]
    public void Rejects_documents_that_are_not_sitemaps(string body, string message)
    {
        var ex = Assert.Throws<FeedParseException>(() => SitemapParser.Parse(Samples.Utf8(body), SitemapUrl, "application/xml"));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Rejects_garbage_with_a_readable_error()
    {
        var ex = Assert.Throws<FeedParseException>(() => SitemapParser.Parse(Samples.Utf8("this is not xml at all"), SitemapUrl, null));

        Assert.StartsWith("not a sitemap: not well-formed XML at line 1", ex.Message, StringComparison.Ordinal);
    }
}
