using System.Text;
using BriWatch.Crawler.Extraction;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Feeds;

/// <summary>
/// Hostile nesting. A recursive walk over these documents overflows the stack, which no catch can stop: if one of these
/// regressed, the test host would crash, so a completed run is itself part of the proof.
/// </summary>
public sealed class DeepNestingTests
{
    private const int Deep = 20_000;

    private static string Nested(string tag, int depth, string inner) =>
        new StringBuilder().Insert(0, $"<{tag}>", depth).Append(inner).Insert(depth * (tag.Length + 2) + inner.Length, $"</{tag}>", depth).ToString();

    private static string Escaped(string html) => System.Net.WebUtility.HtmlEncode(html);

    private static string Rss(string title, string description = "About it") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Deep</title><link>https://news.example.org/</link>
        <item><title>{title}</title><link>https://e.org/deep</link><description>{description}</description></item>
        <item><title>Normal item</title><link>https://e.org/normal</link></item>
        </channel></rss>
        """;

    [Fact]
    public void Rss_title_with_20000_nested_elements_is_flattened_and_the_feed_flagged_as_recovered()
    {
        var feed = FeedParser.Parse(Samples.Utf8(Rss(Nested("b", Deep, "deep words"))), new Uri("https://e.org/feed"), "application/rss+xml");

        Assert.False(feed.WellFormed);
        Assert.StartsWith($"elements nested more than {XmlTree.MaxDepth} levels deep at line 3", feed.Error, StringComparison.Ordinal);
        Assert.Equal(2, feed.Items.Count);
        Assert.Contains("deep words", HtmlText.ToPlainText(feed.Items[0].Title!), StringComparison.Ordinal);
        Assert.Equal("Normal item", feed.Items[1].Title);
    }

    [Fact]
    public void Atom_xhtml_content_with_20000_nested_divs_is_flattened_and_the_feed_flagged_as_recovered()
    {
        var atom = $"""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Deep</title><id>urn:deep</id>
            <entry><id>urn:1</id><title>Deep entry</title><link href="https://e.org/1"/>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{Nested("div", Deep, "deep words")}</div></content></entry>
            </feed>
            """;

        var feed = FeedParser.Parse(Samples.Utf8(atom), new Uri("https://e.org/atom"), "application/atom+xml");

        Assert.False(feed.WellFormed);
        Assert.StartsWith($"elements nested more than {XmlTree.MaxDepth} levels deep", feed.Error, StringComparison.Ordinal);
        Assert.Equal("Deep entry", Assert.Single(feed.Items).Title);
        Assert.Contains("deep words", feed.Items[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_html_nested_20000_deep_in_a_description_is_reduced_to_its_text()
    {
        var feed = FeedParser.Parse(Samples.Utf8(Rss("Title", Escaped(Nested("div", Deep, "deep words")))), new Uri("https://e.org/feed"), "application/rss+xml");

        Assert.True(feed.WellFormed);
        var summary = feed.Items[0].Summary ?? feed.Items[0].Content;
        Assert.DoesNotContain("<div", summary, StringComparison.Ordinal);
        Assert.Contains("deep words", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_feed_nested_20000_deep_is_a_parse_error_not_a_crash()
    {
        var json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":" + new string('[', Deep) + new string(']', Deep) + "}";

        var error = Assert.Throws<FeedParseException>(() => FeedParser.Parse(Samples.Utf8(json), new Uri("https://e.org/feed.json"), "application/feed+json"));

        Assert.StartsWith("not a feed: invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_feed_content_html_nested_20000_deep_is_reduced_to_its_text()
    {
        var html = System.Text.Json.JsonSerializer.Serialize(Nested("span", Deep, "deep words"));
        var json = $$"""{"version":"https://jsonfeed.org/version/1.1","title":"Deep","items":[{"id":"1","url":"https://e.org/1","content_html":{{html}}}]}""";

        var feed = FeedParser.Parse(Samples.Utf8(json), new Uri("https://e.org/feed.json"), "application/feed+json");

        Assert.Equal("deep words", Assert.Single(feed.Items).Content?.Trim());
    }

    [Fact]
    public void Article_page_nested_200000_deep_is_refused_with_a_reason()
    {
        var page = $"<html><head><title>Deep</title></head><body>{Nested("div", 200_000, "<p>words</p>")}</body></html>";

        var article = new ArticleExtractor().Extract(page, new Uri("https://e.org/deep"));

        Assert.False(article.HasText);
        Assert.Equal(ExtractionMethods.None, article.Method);
        Assert.Equal($"the page nests elements more than {HtmlNesting.MaxDepth} levels deep; not analysed", article.Refusal);
    }

    [Fact]
    public void Ordinary_pages_with_unclosed_paragraphs_and_list_items_are_not_taken_for_deep_ones()
    {
        var sloppy = "<html><body><div>" + string.Concat(Enumerable.Repeat("<p>para<li>item<br><img src=x>", 2000)) + "</div></body></html>";

        Assert.False(HtmlNesting.TooDeep(sloppy));
        Assert.True(HtmlNesting.TooDeep(Nested("div", HtmlNesting.MaxDepth + 1, "")));
        Assert.False(HtmlNesting.TooDeep(Nested("div", HtmlNesting.MaxDepth, "")));
    }

    [Fact]
    public void A_page_full_of_self_closed_svg_shapes_is_not_taken_for_a_deep_one()
    {
        var icon = "<svg viewBox=\"0 0 24 24\"><path d=\"M0 0h24v24H0z\"/><circle cx=\"12\" cy=\"12\" r=\"4\"/><use href=\"#i\" /></svg>";
        var page = "<html><body><ul>" + string.Concat(Enumerable.Repeat($"<li><a href=\"/n\">{icon}News</a></li>", 600)) + "</ul></body></html>";

        Assert.False(HtmlNesting.TooDeep(page));
    }

    [Fact]
    public void Self_closed_html_elements_still_count_because_html_opens_them()
    {
        // In HTML proper "<div/>" is an open div: a parser nests 600 of them, so the scan must too.
        var page = "<html><body>" + string.Concat(Enumerable.Repeat("<div/>", HtmlNesting.MaxDepth + 1)) + "</body></html>";
        var insideSvg = "<svg>" + string.Concat(Enumerable.Repeat("<g>", HtmlNesting.MaxDepth + 1)) + "</svg>";

        Assert.True(HtmlNesting.TooDeep(page));
        Assert.True(HtmlNesting.TooDeep(insideSvg));
    }

    [Fact]
    public async Task A_deeply_nested_feed_item_is_announced_and_the_source_warned()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/feed", () => Results.Text(Rss(Nested("b", Deep, "Deep headline")), "application/rss+xml")));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.FetchArticlePages = false);
        await crawler.AddSourceAsync("deep", server.Url("feed"));

        var source = await crawler.PollAsync("deep");

        Assert.Equal(["Deep headline", "Normal item"], crawler.Discovered("deep").Select(d => d.Title));
        Assert.StartsWith($"elements nested more than {XmlTree.MaxDepth} levels deep", source.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.EndsWith("; kept 2 recovered items", source.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.Null(source.Crawl.LastError);
    }

    [Fact]
    public async Task A_listing_page_nested_200000_deep_is_recorded_as_an_error()
    {
        var page = $"<!DOCTYPE html><html><body>{Nested("div", 200_000, "<a href=\"/a\">A story</a>")}</body></html>";
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/news", () => Results.Text(page, "text/html")));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.FetchArticlePages = false);
        await crawler.AddSourceAsync("deep-page", server.Url("news"));

        var source = await crawler.PollAsync("deep-page");

        Assert.Equal($"HTML page nests elements more than {HtmlNesting.MaxDepth} levels deep; not read", source.Crawl.LastError);
        Assert.Empty(crawler.Discovered("deep-page"));
    }

    [Fact]
    public async Task An_article_page_nested_200000_deep_falls_back_to_the_feed_text()
    {
        var page = $"<html><body>{Nested("div", 200_000, "<p>" + string.Concat(Enumerable.Repeat("Much longer article text. ", 50)) + "</p>")}</body></html>";
        LoopbackServer? server = null;
        server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/feed", () => Results.Text(
                $"<rss version=\"2.0\"><channel><title>F</title><item><title>Story</title><link>{server!.Url("article")}</link><description>Feed teaser</description></item></channel></rss>",
                "application/rss+xml"));
            app.MapGet("/article", () => Results.Text(page, "text/html"));
        });
        await using var _ = server;
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("teaser", server.Url("feed"));

        var source = await crawler.PollAsync("teaser");

        Assert.Equal("Feed teaser", Assert.Single(crawler.Discovered("teaser")).Text);
        Assert.Null(source.Crawl.LastError);
    }
}
