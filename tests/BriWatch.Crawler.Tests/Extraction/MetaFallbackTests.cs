using System.Text;
using BriWatch.Crawler.Extraction;

namespace BriWatch.Crawler.Tests.Extraction;

public sealed class MetaFallbackTests
{
    private readonly ArticleExtractor extractor = new();

    [Fact]
    public void Uses_meta_tags_and_readability_when_there_is_no_JSON_LD()
    {
        var html = ArticlePages.Page("""
            <meta property="og:title" content="Khorgos terminal opens to freight">
            <meta property="article:published_time" content="2026-11-23T09:30:00+0800">
            <meta name="author" content="By Li Wei">
            """);

        var article = extractor.Extract(html, null);

        Assert.Equal(ExtractionMethods.Readability, article.Method);
        Assert.Equal("Khorgos terminal opens to freight", article.Title);
        Assert.Equal("Li Wei", article.Author);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero), article.Published);
        Assert.Contains(ArticlePages.BodyParagraph2, article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("All rights reserved", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Business", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Separates_paragraphs_with_a_blank_line_and_normalises_whitespace()
    {
        var text = PlainText.FromHtml("<div><p>One  two\n   three</p>\n<p>Four<br>five&nbsp;&nbsp;six</p><ul><li>seven</li><li>eight</li></ul></div>");

        Assert.Equal("One two three\n\nFour\nfive six\n\nseven\n\neight", text);
    }

    [Fact]
    public void Returns_the_description_as_meta_only_when_the_page_has_no_body_text()
    {
        var html = """
            <html><head><title>Video</title>
            <meta property="og:description" content="Ministers sign the green steel memorandum.">
            </head><body><div id="player"></div></body></html>
            """;

        var article = extractor.Extract(html, null);

        Assert.Equal(ExtractionMethods.MetaOnly, article.Method);
        Assert.Equal("Ministers sign the green steel memorandum.", article.Text);
    }

    [Fact]
    public void Resolves_a_relative_canonical_link_against_the_page_url()
    {
        var html = ArticlePages.Page("""<link rel="canonical" href="/2026/11/khorgos?amp=0">""");

        var article = extractor.Extract(html, new Uri("https://news.example.com/amp/khorgos"));

        Assert.Equal(new Uri("https://news.example.com/2026/11/khorgos?amp=0"), article.CanonicalUrl);
    }

    [Fact]
    public void Prefers_link_rel_canonical_over_og_url_and_ignores_non_http_links()
    {
        var both = ArticlePages.Page("""
            <meta property="og:url" content="https://m.example.com/khorgos">
            <link rel="canonical" href="https://www.example.com/khorgos">
            """);
        var scriptOnly = ArticlePages.Page("""<link rel="canonical" href="javascript:alert(1)">""");

        Assert.Equal(new Uri("https://www.example.com/khorgos"), extractor.Extract(both, null).CanonicalUrl);
        Assert.Null(extractor.Extract(scriptOnly, new Uri("https://www.example.com/")).CanonicalUrl);
    }

    [Fact]
    public void Relative_canonical_without_a_page_url_is_dropped()
    {
        var html = ArticlePages.Page("""<link rel="canonical" href="/khorgos">""");

        Assert.Null(extractor.Extract(html, null).CanonicalUrl);
    }

    [Theory]
    [InlineData("lang=\"ZH-cn\"", "", "zh-CN")]
    [InlineData("lang=\"zh-hans-cn\"", "", "zh-Hans-CN")]
    [InlineData("", "<meta property=\"og:locale\" content=\"ru_RU\">", "ru-RU")]
    [InlineData("", "<meta http-equiv=\"Content-Language\" content=\"pt-BR, en\">", "pt-BR")]
    [InlineData("lang=\"not a language\"", "", null)]
    [InlineData("", "", null)]
    public void Reads_the_language_from_html_lang_or_og_locale(string htmlAttributes, string head, string? expected)
    {
        var article = extractor.Extract(ArticlePages.Page(head, htmlAttributes), null);

        Assert.Equal(expected, article.Language);
    }

    [Fact]
    public void Decodes_a_GBK_page_by_its_meta_charset()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string chinese = "中国与哈萨克斯坦在霍尔果斯开通新的铁路货运站，延伸了连接中国西部与中亚和欧洲的陆路走廊。";
        var html = $"""
            <html><head><meta charset="gbk"><title>霍尔果斯货运站开通</title></head>
            <body><article><p>{chinese}</p><p>{chinese}</p><p>{chinese}</p></article></body></html>
            """;
        using var stream = new MemoryStream(Encoding.GetEncoding("GBK").GetBytes(html));

        var article = extractor.Extract(stream, null);

        Assert.Equal("霍尔果斯货运站开通", article.Title);
        Assert.Contains(chinese, article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\0\u0001\u0002 binary garbage \uFFFD")]
    [InlineData("<<<>>></div></p><script>")]
    [InlineData("<html><body></body></html>")]
    [InlineData("{\"not\": \"html\"}")]
    public void Returns_an_empty_result_for_empty_or_garbage_input(string html)
    {
        var article = extractor.Extract(html, null);

        Assert.Equal(article.Method != ExtractionMethods.None, article.HasText);
        Assert.Null(article.Published);
    }

    [Fact]
    public void Skips_readability_on_a_page_too_deep_and_large_to_analyse_and_keeps_the_metadata()
    {
        var html = "<html><head><title>Deep</title></head><body>"
            + string.Concat(Enumerable.Repeat("<div>", 500))
            + string.Concat(Enumerable.Repeat("<p>filler text</p>", 20_000))
            + "</body></html>";

        var article = extractor.Extract(html, null);

        Assert.Equal(ExtractionMethods.None, article.Method);
        Assert.Equal("Deep", article.Title);
    }

    [Fact]
    public void Empty_page_yields_method_none_and_no_text()
    {
        var article = extractor.Extract(string.Empty, null);

        Assert.Equal(ExtractionMethods.None, article.Method);
        Assert.Equal(string.Empty, article.Text);
        Assert.False(article.HasText);
    }

    [Fact]
    public void Rejects_null_html_and_relative_page_urls()
    {
        Assert.Throws<ArgumentNullException>(() => extractor.Extract((string)null!, null));
        Assert.Throws<ArgumentException>(() => extractor.Extract("<p>x</p>", new Uri("/relative", UriKind.Relative)));
    }
}
