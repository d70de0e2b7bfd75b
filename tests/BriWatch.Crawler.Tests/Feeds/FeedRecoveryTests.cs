using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Feeds;

/// <summary>Feeds that are not well-formed XML are read item by item: one defect costs at most its own item, and the warning counts what was done.</summary>
public sealed class FeedRecoveryTests
{
    private static readonly Uri FetchUrl = new("https://news.example.org/feed.xml");

    [Fact]
    public void Bare_ampersands_a_control_character_and_an_undefined_entity_in_different_items_keep_every_item()
    {
        // One item per line, so the line numbers in the warning are the item numbers + 2.
        var xml = string.Join('\n',
            "<rss version=\"2.0\"><channel><title>Wire</title><link>https://news.example.org/</link>",
            "<item><title>Summit opens</title><link>https://e.org/1</link></item>",
            "<item><title>AT&T wins a port contract</title><link>https://e.org/2</link></item>",
            "<item><title>R&D centre for Huawei</title><link>https://e.org/3?a=1&b=2</link></item>",
            "<item><title>Rail\u0007 link signed</title><link>https://e.org/4</link></item>",
            "<item><title>Loan &unknown; terms</title><link>https://e.org/5</link></item>",
            "<item><title>Dam completed</title><link>https://e.org/6</link></item>",
            "</channel></rss>");

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null);

        Assert.Equal(
            ["Summit opens", "AT&T wins a port contract", "R&D centre for Huawei", "Rail link signed", "Loan &amp;unknown; terms", "Dam completed"],
            feed.Items.Select(i => i.Title));
        // Text that looks like escaped HTML (an entity reference) is carried as HTML, so its '&' is written as "&amp;".
        Assert.Equal("https://e.org/3?a=1&b=2", feed.Items[2].Link);
        Assert.False(feed.WellFormed);
        Assert.Equal(
            "not well-formed XML; 3 bare '&' read as text (first at line 3); 1 undefined entity read as text (&unknown; at line 6); 1 control character dropped (line 5)",
            feed.Error);
    }

    [Fact]
    public void A_windows_1252_byte_in_a_utf8_feed_is_read_as_its_character_and_costs_no_item()
    {
        var head = System.Text.Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Notícias</title>"
            + "<item><title>São Paulo</title></item><item><title>");
        // 0x8B and 0x9B are "‹" and "›" in windows-1252 and invalid on their own in UTF-8.
        byte[] legacy = [0x8B, (byte)'o', (byte)'k', 0x9B];
        var tail = System.Text.Encoding.UTF8.GetBytes("</title></item><item><title>Três</title></item></channel></rss>");

        var feed = FeedParser.Parse([.. head, .. legacy, .. tail], FetchUrl, null);

        Assert.Equal(["São Paulo", "‹ok›", "Três"], feed.Items.Select(i => i.Title));
        Assert.Equal("utf-8", feed.Encoding);
        Assert.Equal("declared character encoding utf-8 does not fit the bytes; decoded as utf-8 with 2 stray bytes read as windows-1252", feed.Error);
    }

    [Fact]
    public void C1_controls_written_for_windows_1252_punctuation_read_as_that_punctuation()
    {
        var feed = FeedParser.Parse(Samples.Utf8("<rss version=\"2.0\"><channel><title>t</title><item><title>don\u0092t &#147;quote&#148; \u0081</title></item></channel></rss>"), FetchUrl, null);

        Assert.Equal("don\u2019t \u201Cquote\u201D \u0081", feed.Items[0].Title);
        Assert.True(feed.WellFormed);
    }

    [Fact]
    public void An_item_whose_own_markup_is_broken_is_skipped_and_the_items_after_it_are_read()
    {
        var xml = string.Join('\n',
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Wire</title>",
            "<item><title>One</title><link>https://e.org/1</link></item>",
            "<item><title>Two <b>bold</title><link>https://e.org/2</link></item>",
            "<item><title>Three</title><link>https://e.org/3</link><dc:creator>Ana</dc:creator></item>",
            "<item><title>Four</title><link>https://e.org/4</link></item>",
            "</channel></rss>");

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null);

        Assert.Equal(["One", "Three", "Four"], feed.Items.Select(i => i.Title));
        Assert.Equal("Ana", feed.Items[1].Author);
        Assert.Equal("Wire", feed.Feed.Title);
        Assert.StartsWith("not well-formed XML at line 3, column ", feed.Error, StringComparison.Ordinal);
        Assert.EndsWith("; 1 unreadable item skipped (line 3), 3 read item by item", feed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_channel_header_costs_the_header_fields_after_the_break_but_no_item()
    {
        var xml = string.Join('\n',
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel xml:lang=\"pt\" xml:base=\"https://gov.example/news/\"><title>Ministério</title>",
            "<description>Notas</descriptio><link>https://gov.example/</link>",
            "<item><title>Um</title><link>1</link><dc:creator>Ana</dc:creator></item>",
            "<item><title>Dois</title><link>2</link></item>",
            "</channel></rss>");

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null);

        Assert.Equal("Ministério", feed.Feed.Title);
        Assert.Equal(["Um", "Dois"], feed.Items.Select(i => i.Title));
        Assert.Equal(["https://gov.example/news/1", "https://gov.example/news/2"], feed.Items.Select(i => i.Link));
        Assert.Equal(["pt", "pt"], feed.Items.Select(i => i.Language));
        Assert.Equal("Ana", feed.Items[0].Author);
        Assert.StartsWith("not well-formed XML at line 2, column ", feed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", feed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_atom_feed_keeps_its_whole_entries_and_drops_the_cut_one()
    {
        const string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Fil</title>
            <entry><title>Un</title><id>urn:1</id><link href="https://e.org/1"/></entry>
            <entry><title>Deux</title><id>urn:2</id><link href="https://e.org/2"/></entry>
            <entry><title>Tro
            """;

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null);

        Assert.Equal(["Un", "Deux"], feed.Items.Select(i => i.Title));
        Assert.All(feed.Items, i => Assert.Equal("fr", i.Language));
        Assert.EndsWith("; 1 unreadable item skipped (line 4), 2 read item by item", feed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feed_with_an_external_entity_in_a_refused_dtd_keeps_its_real_items()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>Ministry &xxe;</title><link>https://gov.example/</link>
            <item><title>Decree on ports</title><link>https://gov.example/1</link><description>See &xxe;</description></item>
            <item><title>Tender results</title><link>https://gov.example/2</link></item>
            </channel></rss>
            """;

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null);

        Assert.Equal(["Decree on ports", "Tender results"], feed.Items.Select(i => i.Title));
        Assert.Equal(["https://gov.example/1", "https://gov.example/2"], feed.Items.Select(i => i.Link));
        Assert.Equal("Ministry &amp;xxe;", feed.Feed.Title);
        Assert.Equal("not well-formed XML; 2 references to entities of the refused DTD read as text (first &xxe; at line 3)", feed.Error);
    }

    [Fact]
    public void A_billion_laughs_feed_keeps_its_real_items_unexpanded()
    {
        var feed = FeedParser.Parse(Samples.Utf8(BadInputs.BillionLaughs.Replace(
            "</channel>", "<item><title>Real news</title><link>https://e.org/real</link></item></channel>", StringComparison.Ordinal)), FetchUrl, null);

        Assert.Equal(["&amp;lol9;", "Real news"], feed.Items.Select(i => i.Title));
        Assert.Equal("https://e.org/real", feed.Items[1].Link);
        Assert.Contains("to entities of the refused DTD read as text (first &lol9; at line 1)", feed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Item_languages_come_from_dc_language_and_xml_lang_and_the_feed_language_from_the_channel()
    {
        const string xml = """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title><language>pt-BR</language>
            <item><title>a</title><dc:language>en</dc:language></item>
            <item xml:lang="es"><title>b</title></item>
            <item><title>c</title></item>
            </channel></rss>
            """;

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null);

        Assert.Equal("pt-BR", feed.Feed.Language);
        Assert.Equal(["en", "es", null], feed.Items.Select(i => i.Language));
    }

    [Fact]
    public void Atom_entry_languages_come_from_xml_lang_in_scope_and_dc_language()
    {
        const string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xml:lang="de"><title>t</title>
            <entry><title>a</title><id>urn:a</id></entry>
            <entry xml:lang="it"><title>b</title><id>urn:b</id></entry>
            <entry><title>c</title><id>urn:c</id><dc:language>pl</dc:language></entry>
            </feed>
            """;

        var feed = FeedParser.Parse(Samples.Utf8(xml), FetchUrl, null);

        Assert.Equal("de", feed.Feed.Language);
        Assert.Equal(["de", "it", "pl"], feed.Items.Select(i => i.Language));
    }

    [Fact]
    public void A_json_feed_language_is_the_feeds_and_an_items_own_overrides_it()
    {
        const string json = """
            {"version":"https://jsonfeed.org/version/1.1","title":"t","language":"zh-CN",
             "items":[{"id":"1","url":"https://e.org/1","title":"a"},{"id":"2","url":"https://e.org/2","title":"b","language":"en"}]}
            """;

        var feed = FeedParser.Parse(Samples.Utf8(json), FetchUrl, null);

        Assert.Equal("zh-CN", feed.Feed.Language);
        Assert.Equal([null, "en"], feed.Items.Select(i => i.Language));
    }
}
