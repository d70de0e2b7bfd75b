using System.Text;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Feeds;

public sealed class FeedParserTests
{
    private static readonly Uri FetchUrl = new("https://news.example.org/feeds/main.xml");

    [Fact]
    public void Reads_rss20_channel_and_items()
    {
        const string xml = """
            <?xml version="1.0"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel>
                <title>BRICS News</title>
                <link>https://brics.example.org/</link>
                <description>Cooperation updates</description>
                <language>en-us</language>
                <lastBuildDate>Wed, 06 Mar 2024 10:00:00 GMT</lastBuildDate>
                <managingEditor>desk@brics.example.org (News desk)</managingEditor>
                <item>
                  <title>New Development Bank approves loan</title>
                  <link>https://brics.example.org/ndb-loan</link>
                  <guid isPermaLink="false">ndb-2024-17</guid>
                  <pubDate>Tue, 05 Mar 2024 08:30:00 +0800</pubDate>
                  <description>&lt;p&gt;The bank &lt;b&gt;approved&lt;/b&gt; it.&lt;/p&gt;</description>
                  <content:encoded><![CDATA[<p>Full text.</p>]]></content:encoded>
                  <dc:creator>Li Wei</dc:creator>
                  <category>Finance</category>
                  <category>NDB</category>
                  <enclosure url="/media/photo.jpg" type="image/jpeg" length="12345"/>
                </item>
              </channel>
            </rss>
            """;

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, "application/rss+xml");

        Assert.Equal("rss20", feed.Format);
        Assert.True(feed.WellFormed);
        Assert.Equal("BRICS News", feed.Feed.Title);
        Assert.Equal("https://brics.example.org/", feed.Feed.Link);
        Assert.Equal("Cooperation updates", feed.Feed.Subtitle);
        Assert.Equal("en-us", feed.Feed.Language);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 10, 0, 0, TimeSpan.Zero), feed.Feed.Updated);
        var item = Assert.Single(feed.Items);
        Assert.Equal("ndb-2024-17", item.Id);
        Assert.Equal("New Development Bank approves loan", item.Title);
        Assert.Equal("https://brics.example.org/ndb-loan", item.Link);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 0, 30, 0, TimeSpan.Zero), item.Published);
        Assert.Equal("<p>The bank <b>approved</b> it.</p>", item.Summary);
        Assert.Equal("<p>Full text.</p>", item.Content);
        Assert.Equal("Li Wei", item.Author);
        Assert.Equal(["Finance", "NDB"], item.Categories);
        var enclosure = Assert.Single(item.Enclosures);
        Assert.Equal(new FeedEnclosure("https://news.example.org/media/photo.jpg", "image/jpeg", 12345), enclosure);
    }

    [Fact]
    public void Reads_atom10_text_constructs_and_xml_base()
    {
        const string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh" xml:base="https://www.example.cn/news/">
              <title type="html">Belt &amp;amp; Road &lt;i&gt;daily&lt;/i&gt;</title>
              <subtitle>Plain &lt;tag&gt; text</subtitle>
              <link rel="self" href="feed.atom"/>
              <link rel="alternate" type="text/html" href="index.html"/>
              <updated>2024-03-05T12:00:00+08:00</updated>
              <author><name>Desk</name></author>
              <entry>
                <id>tag:example.cn,2024:1</id>
                <title>Port opens</title>
                <link href="2024/port.html"/>
                <published>2024-03-04T09:15:30Z</published>
                <updated>2024-03-04T10:00:00.123-05:00</updated>
                <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>See <a href="map.html">the map</a></p></div></summary>
                <content type="html">&lt;p onclick="steal()"&gt;Body&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</content>
                <category term="ports"/>
              </entry>
            </feed>
            """;

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null);

        Assert.Equal("atom10", feed.Format);
        Assert.Equal("Belt &amp; Road <i>daily</i>", feed.Feed.Title);
        Assert.Equal("Plain <tag> text", feed.Feed.Subtitle);
        Assert.Equal("https://www.example.cn/news/index.html", feed.Feed.Link);
        Assert.Equal("zh", feed.Feed.Language);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 4, 0, 0, TimeSpan.Zero), feed.Feed.Updated);
        Assert.Equal("Desk", feed.Feed.Author);
        var entry = Assert.Single(feed.Items);
        Assert.Equal("https://www.example.cn/news/2024/port.html", entry.Link);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 9, 15, 30, TimeSpan.Zero), entry.Published);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 15, 0, 0, 123, TimeSpan.Zero), entry.Updated);
        Assert.Equal("<p>See <a href=\"https://www.example.cn/news/map.html\">the map</a></p>", entry.Summary);
        Assert.Equal("<p>Body</p>", entry.Content);
        Assert.Equal(["ports"], entry.Categories);
    }

    [Fact]
    public void Reads_rss10_rdf_items_outside_the_channel()
    {
        const string xml = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://mofcom.example.cn/">
                <title>Ministry notices</title>
                <link>https://mofcom.example.cn/</link>
                <dc:language>zh-CN</dc:language>
              </channel>
              <item rdf:about="https://mofcom.example.cn/a/1.html">
                <title>Notice 1</title>
                <link>https://mofcom.example.cn/a/1.html</link>
                <dc:date>2024-03-05T08:00+08:00</dc:date>
              </item>
            </rdf:RDF>
            """;

        var feed = FeedParser.Parse(Samples.Utf8(xml), null, null);

        Assert.Equal("rss10", feed.Format);
        Assert.Equal("zh-CN", feed.Feed.Language);
        var item = Assert.Single(feed.Items);
        Assert.Equal("https://mofcom.example.cn/a/1.html", item.Id);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Reads_atom03_and_json_feed()
    {
        const string atom03 = """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Old</title>
              <entry><title>E</title><link rel="alternate" href="http://old.example.com/e"/><issued>2004-01-01T19:48:21Z</issued>
                <content type="text/html" mode="escaped">&lt;b&gt;bold&lt;/b&gt;</content></entry>
            </feed>
            """;
        const string json = """
            {"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://j.example.org/",
             "items":[{"id":"1","url":"/p/1","title":"One","content_html":"<p>x</p><script>y</script>","date_published":"2024-03-05T00:00:00Z","tags":["a"]}]}
            """;

        var old = FeedParser.Parse(Samples.Utf8(atom03), null, null);
        var jf = FeedParser.Parse(Samples.Utf8(json), null, "application/feed+json");

        Assert.Equal("atom03", old.Format);
        Assert.Equal("<b>bold</b>", old.Items[0].Content);
        Assert.Equal(new DateTimeOffset(2004, 1, 1, 19, 48, 21, TimeSpan.Zero), old.Items[0].Published);
        Assert.Equal("jsonfeed11", jf.Format);
        Assert.Equal("https://j.example.org/p/1", jf.Items[0].Link);
        Assert.Equal("<p>x</p>", jf.Items[0].Content);
        Assert.Equal(["a"], jf.Items[0].Categories);
    }

    [Theory]
    [InlineData("Tue, 05 Mar 2024 08:30:00 GMT", "2024-03-05T08:30:00Z")]
    [InlineData("Tue, 5 Mar 2024 08:30:00 +0800", "2024-03-05T00:30:00Z")]
    [InlineData("Tue, 05 Mar 2024 08:30 EST", "2024-03-05T13:30:00Z")]
    [InlineData("05 Mar 24 08:30:00 PDT", "2024-03-05T15:30:00Z")]
    [InlineData("Tuesday, 05-Mar-2024 08:30:00 UT", "2024-03-05T08:30:00Z")]
    [InlineData("2024-03-05T08:30:00+03:00", "2024-03-05T05:30:00Z")]
    [InlineData("2024-03-05T08:30Z", "2024-03-05T08:30:00Z")]
    [InlineData("2024-03-05", "2024-03-05T00:00:00Z")]
    [InlineData("20240305T083000Z", "2024-03-05T08:30:00Z")]
    [InlineData("2024-03-05 08:30:00", "2024-03-05T08:30:00Z")]
    [InlineData("5 марта 2024 08:30 +0300", "2024-03-05T05:30:00Z")]
    [InlineData("2024年3月5日 08:30", "2024-03-05T00:30:00Z")]
    public void Parses_common_date_forms_to_utc(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2024-13-45")]
    [InlineData("Tue, 31 Feb 2024 08:30:00 GMT")]
    public void Returns_null_for_unparseable_dates(string text)
    {
        Assert.Null(FeedDates.Parse(text));
    }

    [Fact]
    public void Sanitises_scripts_handlers_and_javascript_urls()
    {
        const string xml = """
            <rss version="2.0"><channel><title>t</title><item><title>x</title>
            <description><![CDATA[<p onmouseover="x()">Hi<script>evil()</script><iframe src="//e"></iframe>
            <a href="javascript:alert(1)">a</a><a href=" JaVa&#x09;script:alert(2)">b</a><img src="data:text/html,x"><style>p{}</style>
            <object data="x"></object><embed src="y"><a href="/ok">ok</a></p>]]></description></item></channel></rss>
            """;

        var summary = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null).Items[0].Summary!;

        Assert.DoesNotContain("script", summary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onmouseover", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("iframe", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("object", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("embed", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("style", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("data:", summary, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://news.example.org/ok\">ok</a>", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolves_relative_links_against_the_feed_link_when_no_fetch_url_is_known()
    {
        var xml = Samples.Rss(("A", "/articles/a"));

        var feed = FeedParser.Parse(Samples.Utf8(xml), null, null);

        Assert.Equal("https://news.example.org/articles/a", feed.Items[0].Link);
    }

    [Fact]
    public void Recovers_items_before_a_syntax_error_and_flags_the_feed_not_well_formed()
    {
        const string xml = """
            <rss version="2.0"><channel><title>Broken</title>
            <item><title>First</title><link>https://e.org/1</link></item>
            <item><title>Second & third</title></item>
            """;

        var feed = FeedParser.Parse(Samples.Utf8(xml), null, null);

        Assert.False(feed.WellFormed);
        Assert.Contains("not well-formed XML at line 3", feed.Error, StringComparison.Ordinal);
        Assert.Equal("First", feed.Items[0].Title);
    }

    [Fact]
    public void Rejects_an_html_page_as_not_a_feed()
    {
        var error = Assert.Throws<FeedParseException>(() =>
            FeedParser.Parse(Samples.Utf8("<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi<br></body></html>"), FetchUrl, "text/html"));

        Assert.Equal("not a feed: HTML page", error.Message);
    }

    [Theory]
    [InlineData("", "not a feed: empty body")]
    [InlineData("   \n ", "not a feed: empty body")]
    [InlineData("<note><to>x</to></note>", "not a feed: root element <note>")]
    [InlineData("\u0001\u0002 binary garbage", "not a feed: the body is neither XML nor JSON")]
    [InlineData("<rss version=\"2.0\"", "not well-formed XML at line 1")]
    public void Rejects_documents_that_are_not_feeds_with_a_clear_message(string body, string expected)
    {
        var error = Assert.Throws<FeedParseException>(() => FeedParser.Parse(Samples.Utf8(body), null, null));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_external_entities_unresolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var xml = $"""
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
                <rss version="2.0"><channel><title>t &xxe;</title><item><title>i</title></item></channel></rss>
                """;

            var feed = FeedParser.Parse(Samples.Utf8(xml), null, null);

            Assert.False(feed.WellFormed);
            Assert.DoesNotContain("TOP-SECRET", feed.Feed.Title ?? string.Empty, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Does_not_expand_a_billion_laughs_document()
    {
        var feed = FeedParser.Parse(Samples.Utf8(BadInputs.BillionLaughs), null, null);

        Assert.False(feed.WellFormed);
        Assert.Contains("lol9", feed.Error, StringComparison.Ordinal);
        Assert.True((feed.Feed.Title ?? string.Empty).Length < 100);
    }

    [Fact]
    public void Translates_html_named_entities_that_xml_does_not_define()
    {
        var feed = FeedParser.Parse(Samples.Utf8("<rss version=\"2.0\"><channel><title>Caf&eacute;&nbsp;news</title></channel></rss>"), null, null);

        Assert.True(feed.WellFormed);
        Assert.Equal("Café\u00a0news", feed.Feed.Title);
    }
}
