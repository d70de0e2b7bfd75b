using System.Text;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Listings;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Listings;

public sealed class HtmlListingParserTests
{
    private static readonly Uri MofcomUrl = new("https://english.mofcom.gov.cn/article/newsrelease/press/");
    private static readonly Uri PortalUrl = new("https://www.yidaiyilu.gov.cn/xwzx/gnxw/index.html");
    private static readonly Uri NdbUrl = new("https://www.ndb.int/news/");

    private static readonly string[] MofcomLinks =
    [
        "https://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103567890.shtml",
        "https://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103567123.shtml",
        "https://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103566001.shtml",
        "https://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103565550.shtml",
        "https://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103564321.shtml#content",
        "https://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103563210.shtml",
        "https://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103562000.shtml",
    ];

    [Fact]
    public void Reads_items_from_a_ministry_listing_page_with_configured_selectors()
    {
        var options = new HtmlListingOptions(ItemSelector: "ul.txtList_01 li", DateSelector: "span");

        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("mofcom-news.html"), MofcomUrl, "text/html", options);

        Assert.Equal("html-listing", feed.Format);
        Assert.True(feed.WellFormed);
        Assert.Equal("utf-8", feed.Encoding);
        Assert.Equal("Regular Press Conference - Ministry of Commerce of the People's Republic of China", feed.Feed.Title);
        Assert.Equal("en", feed.Feed.Language);
        Assert.Equal(MofcomLinks, feed.Items.Select(i => i.Link));
        Assert.Equal("MOFCOM Regular Press Conference (November 23, 2026)", feed.Items[0].Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), feed.Items[0].Published);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero), feed.Items[^1].Published);
    }

    [Fact]
    public void Finds_the_article_list_of_a_ministry_page_without_selectors()
    {
        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("mofcom-news.html"), MofcomUrl, "text/html", HtmlListingOptions.Heuristic);

        // Navigation, hot topics, pager and footer links are left out.
        Assert.Equal(MofcomLinks, feed.Items.Select(i => i.Link));
        Assert.All(feed.Items, i => Assert.NotNull(i.Published));
    }

    [Fact]
    public void Titles_are_plain_text_without_markup_or_script_and_use_the_full_title_when_the_text_is_cut()
    {
        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("mofcom-news.html"), MofcomUrl, "text/html", HtmlListingOptions.Heuristic);

        Assert.Equal("China and Brazil sign memorandum on industrial capacity cooperation in new energy vehicles", feed.Items[1].Title);
        Assert.Equal("BRICS trade ministers agree on e-commerce cooperation framework", feed.Items[2].Title);
    }

    [Fact]
    public void Resolves_relative_and_protocol_relative_links_against_the_page_url()
    {
        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("mofcom-news.html"), new Uri("http://english.mofcom.gov.cn/article/newsrelease/press/"), "text/html", HtmlListingOptions.Heuristic);

        // "./202611/…" is relative to the page; "//english.mofcom.gov.cn/…" takes the page's scheme.
        Assert.Equal("http://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103567123.shtml", feed.Items[1].Link);
        Assert.Equal("http://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103566001.shtml", feed.Items[2].Link);
        Assert.Equal("https://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103565550.shtml", feed.Items[3].Link);
        Assert.Equal("http://english.mofcom.gov.cn/article/newsrelease/press/202611/20261103563210.shtml", feed.Items[5].Link);
    }

    [Fact]
    public void Deduplicates_items_that_link_to_the_same_page()
    {
        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("mofcom-news.html"), MofcomUrl, "text/html", new HtmlListingOptions(ItemSelector: "ul.txtList_01 a"));

        Assert.Single(feed.Items, i => i.Link!.Contains("20261103564321", StringComparison.Ordinal));
        Assert.Equal(7, feed.Items.Count);
    }

    [Fact]
    public void Reads_a_portal_list_with_chinese_dates_relative_to_its_base_href()
    {
        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("belt-and-road-portal.html"), PortalUrl, "text/html", HtmlListingOptions.Heuristic);

        Assert.Equal(
            [
                "https://www.yidaiyilu.gov.cn/xwzx/gnxw/p/412345.html",
                "https://www.yidaiyilu.gov.cn/xwzx/gnxw/p/412301.html",
                "https://www.yidaiyilu.gov.cn/p/412288.html",
                "https://www.yidaiyilu.gov.cn/p/412250.html",
            ],
            feed.Items.Select(i => i.Link));
        Assert.Equal("中国与巴西签署新能源汽车产业合作谅解备忘录，推动双方产能合作迈上新台阶", feed.Items[0].Title);
        Assert.Equal("中欧班列今年累计开行突破一万八千列", feed.Items[1].Title);
        // Chinese dates without a zone are Beijing time.
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(8)), feed.Items[0].Published);
        Assert.Equal("zh-CN", feed.Feed.Language);
    }

    [Fact]
    public void Reads_a_gb2312_encoded_portal_list_declared_in_meta_charset()
    {
        var html = ListingFixtures.Text("belt-and-road-portal.html").Replace("charset=utf-8", "charset=gb2312", StringComparison.Ordinal);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var body = Encoding.GetEncoding("gb18030").GetBytes(html);

        var feed = HtmlListingParser.Parse(body, PortalUrl, "text/html", HtmlListingOptions.Heuristic);

        Assert.Equal("gb18030", feed.Encoding);
        Assert.Equal("中欧班列今年累计开行突破一万八千列", feed.Items[1].Title);
    }

    [Fact]
    public void Joins_a_list_cut_into_several_sibling_lists_rather_than_taking_a_longer_sidebar()
    {
        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("mofcom-cn-chunked.html"), new Uri("http://hzs.mofcom.gov.cn/article/gzdt/"), "text/html", HtmlListingOptions.Heuristic);

        Assert.Equal(8, feed.Items.Count);
        Assert.All(feed.Items, i => Assert.Contains("/article/gzdt/202611/", i.Link, StringComparison.Ordinal));
        Assert.Equal("商务部召开“一带一路”产能合作推进会", feed.Items[0].Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), feed.Items[^1].Published);
    }

    [Fact]
    public void Reads_article_cards_with_time_elements_and_category_links()
    {
        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("ndb-news.html"), NdbUrl, "text/html", HtmlListingOptions.Heuristic);

        Assert.Equal(
            [
                "https://www.ndb.int/news/ndb-approves-usd-1-billion-for-brazil-infrastructure/",
                "https://www.ndb.int/news/ndb-prices-panda-bond/",
                "https://www.ndb.int/news/ndb-and-russia-sign-water-project/",
            ],
            feed.Items.Select(i => i.Link));
        Assert.Equal("NDB approves USD 1 billion for Brazil infrastructure", feed.Items[0].Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 15, 0, TimeSpan.Zero), feed.Items[0].Published);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 0, 0, 0, TimeSpan.Zero), feed.Items[2].Published);
    }

    [Fact]
    public void Reads_a_table_layout_list_with_russian_dates()
    {
        const string html = """
            <html lang="ru"><head><title>Новости — Минэкономразвития России</title></head><body>
            <div class="menu"><a href="/about/">О министерстве экономического развития</a></div>
            <table class="news-table">
              <tr><th>Заголовок</th><th>Дата</th></tr>
              <tr><td><a href="/press/news/brics-investment-platform">Россия предложила партнёрам по БРИКС новую инвестиционную платформу</a></td><td>23 ноября 2026 г.</td></tr>
              <tr><td><a href="/press/news/russia-china-industrial-parks">Россия и Китай договорились о создании совместных индустриальных парков</a></td><td>21 ноября 2026 г.</td></tr>
              <tr><td><a href="/press/news/russia-egypt-industrial-zone">Российская промышленная зона в Египте примет первых резидентов</a></td><td>19 ноября 2026 г.</td></tr>
            </table>
            </body></html>
            """;

        var feed = HtmlListingParser.Parse(Samples.Utf8(html), new Uri("https://www.economy.gov.ru/material/news/"), "text/html", HtmlListingOptions.Heuristic);

        Assert.Equal(3, feed.Items.Count);
        Assert.Equal("https://www.economy.gov.ru/press/news/brics-investment-platform", feed.Items[0].Link);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), feed.Items[0].Published);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero), feed.Items[2].Published);
        Assert.Equal("ru", feed.Feed.Language);
    }

    [Fact]
    public void Uses_title_and_link_selectors_within_each_item()
    {
        var options = new HtmlListingOptions(ItemSelector: "article", LinkSelector: "a.more", TitleSelector: ".entry-title", DateSelector: "time, .published");

        var feed = HtmlListingParser.Parse(ListingFixtures.Bytes("ndb-news.html"), NdbUrl, null, options);

        Assert.Equal(3, feed.Items.Count);
        Assert.Equal("NDB prices RMB 8 billion panda bond in China interbank market", feed.Items[1].Title);
        Assert.Equal("https://www.ndb.int/news/ndb-prices-panda-bond/", feed.Items[1].Link);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 0, 0, 0, TimeSpan.Zero), feed.Items[2].Published);
    }

    [Fact]
    public void Rejects_a_page_without_an_article_list()
    {
        var ex = Assert.Throws<FeedParseException>(() =>
            HtmlListingParser.Parse(ListingFixtures.Bytes("article-page.html"), MofcomUrl, "text/html", HtmlListingOptions.Heuristic));

        Assert.Equal("not a listing: no list of article links found on the page", ex.Message);
    }

    [Fact]
    public void Rejects_an_item_selector_that_matches_nothing()
    {
        var ex = Assert.Throws<FeedParseException>(() =>
            HtmlListingParser.Parse(ListingFixtures.Bytes("mofcom-news.html"), MofcomUrl, "text/html", new HtmlListingOptions(ItemSelector: "ul.news li a")));

        Assert.Equal("not a listing: the item selector 'ul.news li a' matched nothing", ex.Message);
    }

    [Theory]
    [InlineData("linkSelector", "a.missing", "not a listing: the link selector 'a.missing' matched nothing in any of the 8 items")]
    [InlineData("titleSelector", "h4", "not a listing: the title selector 'h4' matched nothing in any of the 8 items")]
    [InlineData("dateSelector", "time", "not a listing: the date selector 'time' matched nothing in any of the 8 items")]
    [InlineData("itemSelector", "ul[", "invalid itemSelector 'ul[': not a CSS selector")]
    [InlineData("linkSelector", "a:nope(", "invalid linkSelector 'a:nope(': not a CSS selector")]
    public void Rejects_configured_selectors_that_match_nothing_or_are_invalid(string key, string selector, string message)
    {
        var options = new Dictionary<string, string> { ["itemSelector"] = "ul.txtList_01 li", [key] = selector };

        var ex = Assert.Throws<FeedParseException>(() =>
            HtmlListingParser.Parse(ListingFixtures.Bytes("mofcom-news.html"), MofcomUrl, "text/html", HtmlListingOptions.FromSource(options)));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Rejects_a_date_selector_that_matches_no_dates()
    {
        const string html = """
            <ul class="news">
              <li><a href="/news/1.html">Ministry welcomes Egypt and Ethiopia to BRICS cooperation</a><span class="views">Views: 120</span></li>
              <li><a href="/news/2.html">China and Indonesia open new industrial park in Java</a><span class="views">Views: 98</span></li>
            </ul>
            """;
        var options = new HtmlListingOptions(ItemSelector: "ul.news li", DateSelector: ".views");

        var ex = Assert.Throws<FeedParseException>(() => HtmlListingParser.Parse(Samples.Utf8(html), MofcomUrl, "text/html", options));

        Assert.Equal("not a listing: the date selector '.views' matched text that is not a date, e.g. 'Views: 120'", ex.Message);
    }

    [Fact]
    public void Rejects_an_empty_body()
    {
        var ex = Assert.Throws<FeedParseException>(() => HtmlListingParser.Parse([], MofcomUrl, "text/html", HtmlListingOptions.Heuristic));

        Assert.Equal("not a listing: empty body", ex.Message);
    }

    [Fact]
    public void Rejects_binary_garbage_without_crashing()
    {
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);

        var ex = Assert.Throws<FeedParseException>(() => HtmlListingParser.Parse(garbage, MofcomUrl, null, HtmlListingOptions.Heuristic));

        Assert.Equal("not a listing: no list of article links found on the page", ex.Message);
    }

    [Fact]
    public void Skips_javascript_and_mailto_links_in_configured_items()
    {
        const string html = """
            <ul class="news">
              <li><a href="javascript:void(0)">Open the BRICS summit declaration in a popup</a></li>
              <li><a href="mailto:press@example.org">Write to the press office of the ministry</a></li>
              <li><a href="/news/1.html">Ministry welcomes Egypt and Ethiopia to BRICS cooperation</a></li>
            </ul>
            """;

        var feed = HtmlListingParser.Parse(Samples.Utf8(html), MofcomUrl, "text/html", new HtmlListingOptions(ItemSelector: "ul.news li"));

        var item = Assert.Single(feed.Items);
        Assert.Equal("https://english.mofcom.gov.cn/news/1.html", item.Link);
    }

    [Fact]
    public void Reads_option_keys_case_insensitively()
    {
        var options = HtmlListingOptions.FromSource(new Dictionary<string, string> { ["ItemSelector"] = " ul li ", ["DATESELECTOR"] = "span" });

        Assert.Equal(new HtmlListingOptions(ItemSelector: "ul li", DateSelector: "span"), options);
    }
}
