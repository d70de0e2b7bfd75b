using System.Text;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Tests.Feeds;

public sealed class FeedEncodingTests
{
    static FeedEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("gb2312", "一带一路倡议", "gb18030")]
    [InlineData("gbk", "金砖国家合作", "gb18030")]
    [InlineData("big5", "一帶一路", "big5")]
    [InlineData("windows-1251", "Новости БРИКС", "windows-1251")]
    [InlineData("koi8-r", "Новости БРИКС", "koi8-r")]
    [InlineData("shift_jis", "日本語のニュース", "shift_jis")]
    public void Decodes_the_charset_named_in_the_xml_declaration(string charset, string title, string expectedEncoding)
    {
        var xml = $"<?xml version=\"1.0\" encoding=\"{charset}\"?><rss version=\"2.0\"><channel><title>{title}</title></channel></rss>";
        var bytes = Encoding.GetEncoding(charset).GetBytes(xml);

        var feed = FeedParser.Parse(bytes, null, "application/xml");

        Assert.True(feed.WellFormed, feed.Error);
        Assert.Equal(title, feed.Feed.Title);
        Assert.Equal(expectedEncoding, feed.Encoding);
    }

    [Fact]
    public void Http_charset_overrides_the_xml_declaration()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Новости</title></channel></rss>";
        var bytes = Encoding.GetEncoding("windows-1251").GetBytes(xml);

        var feed = FeedParser.Parse(bytes, null, "text/xml; charset=windows-1251");

        Assert.Equal("Новости", feed.Feed.Title);
    }

    [Fact]
    public void Byte_order_mark_wins_and_utf16_is_read()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>标题</title></channel></rss>";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray();

        var feed = FeedParser.Parse(bytes, null, null);

        Assert.Equal("标题", feed.Feed.Title);
        Assert.Equal("utf-16", feed.Encoding);
    }

    [Fact]
    public void Flags_a_declared_charset_that_does_not_fit_the_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"us-ascii\"?><rss version=\"2.0\"><channel><title>Café</title></channel></rss>");

        var feed = FeedParser.Parse(bytes, null, null);

        Assert.False(feed.WellFormed);
        Assert.Equal("Café", feed.Feed.Title);
        Assert.Equal("declared character encoding us-ascii does not fit the bytes; decoded as utf-8", feed.Error);
    }

    [Fact]
    public void Names_an_unknown_declared_charset()
    {
        var bytes = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Café</title></channel></rss>");

        var feed = FeedParser.Parse(bytes, null, "application/rss+xml; charset=x-martian");

        Assert.Equal("Café", feed.Feed.Title);
        Assert.Equal("declared character encoding x-martian is unknown; decoded as utf-8", feed.Error);
    }
}
