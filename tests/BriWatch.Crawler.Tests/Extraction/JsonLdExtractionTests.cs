using BriWatch.Crawler.Extraction;

namespace BriWatch.Crawler.Tests.Extraction;

public sealed class JsonLdExtractionTests
{
    private readonly ArticleExtractor extractor = new();

    [Fact]
    public void Prefers_JSON_LD_articleBody_over_readability()
    {
        var body = $"{ArticlePages.BodyParagraph1}\n{ArticlePages.BodyParagraph2}\n{ArticlePages.BodyParagraph3}";
        var html = ArticlePages.Page(ArticlePages.JsonLd($$"""
            {"@context": "https://schema.org", "@type": "NewsArticle",
             "headline": "Khorgos rail terminal opens to freight",
             "articleBody": {{System.Text.Json.JsonSerializer.Serialize(body)}},
             "author": {"@type": "Person", "name": "Li Wei"},
             "datePublished": "2026-11-23T09:30:00+08:00",
             "inLanguage": "en-GB"}
            """));

        var article = extractor.Extract(html, new Uri("https://news.example.com/khorgos"));

        Assert.Equal(ExtractionMethods.JsonLd, article.Method);
        Assert.Equal("Khorgos rail terminal opens to freight", article.Title);
        Assert.Equal(
            $"{ArticlePages.BodyParagraph1}\n\n{ArticlePages.BodyParagraph2}\n\n{ArticlePages.BodyParagraph3}",
            article.Text);
        Assert.Equal("Li Wei", article.Author);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(TimeSpan.Zero, article.Published!.Value.Offset);
        Assert.Equal("en-GB", article.Language);
    }

    [Fact]
    public void Finds_the_article_inside_a_graph_with_type_arrays_and_author_references()
    {
        var html = ArticlePages.Page(ArticlePages.JsonLd($$$"""
            {"@context": "https://schema.org", "@graph": [
              {"@type": "WebSite", "@id": "https://news.example.com/#site", "name": "Silk Road Daily"},
              {"@type": ["ReportageNews", "NewsArticle"], "headline": "Terminal opens",
               "articleBody": "{{{ArticlePages.BodyParagraph1}}} {{{ArticlePages.BodyParagraph2}}} {{{ArticlePages.BodyParagraph3}}}",
               "author": [{"@id": "https://news.example.com/#li"}, {"@type": "Person", "name": "Anna Petrova"}],
               "datePublished": "2026-11-23T09:30:00Z",
               "mainEntityOfPage": {"@id": "https://news.example.com/2026/terminal"}
              },
              {"@type": "Person", "@id": "https://news.example.com/#li", "name": "Li Wei"}
            ]}
            """));

        var article = extractor.Extract(html, null);

        Assert.Equal(ExtractionMethods.JsonLd, article.Method);
        Assert.Equal("Terminal opens", article.Title);
        Assert.Equal("Li Wei, Anna Petrova", article.Author);
        Assert.Equal(new Uri("https://news.example.com/2026/terminal"), article.CanonicalUrl);
        Assert.StartsWith("China and Kazakhstan", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_schema_types_written_as_full_IRIs_in_a_top_level_array()
    {
        var html = ArticlePages.Page(ArticlePages.JsonLd("""
            [{"@type": "http://schema.org/BreadcrumbList"},
             {"@type": "http://schema.org/Article", "headline": "Steel standards agreed",
              "author": "Chen Jing", "datePublished": "2026-11-20"}]
            """));

        var article = extractor.Extract(html, null);

        Assert.Equal("Steel standards agreed", article.Title);
        Assert.Equal("Chen Jing", article.Author);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void Uses_readability_when_articleBody_is_only_a_teaser()
    {
        var html = ArticlePages.Page(ArticlePages.JsonLd("""
            {"@type": "NewsArticle", "headline": "Terminal opens", "articleBody": "China and Kazakhstan opened..."}
            """));

        var article = extractor.Extract(html, null);

        Assert.Equal(ExtractionMethods.Readability, article.Method);
        Assert.Contains("two million containers", article.Text, StringComparison.Ordinal);
        Assert.Equal("Terminal opens", article.Title);
    }

    [Fact]
    public void Skips_malformed_JSON_LD_blocks_and_reads_the_valid_one()
    {
        var html = ArticlePages.Page(
            ArticlePages.JsonLd("{\"@type\": \"NewsArticle\", \"headline\": ")
            + ArticlePages.JsonLd("<!-- {\"@type\": \"NewsArticle\", \"headline\": \"Battery plant &amp; grid deal\",} -->"));

        var article = extractor.Extract(html, null);

        Assert.Equal("Battery plant & grid deal", article.Title);
        Assert.Equal(ExtractionMethods.Readability, article.Method);
    }

    [Fact]
    public void JSON_LD_inLanguage_wins_over_the_html_lang_attribute()
    {
        var html = ArticlePages.Page(
            ArticlePages.JsonLd("""{"@type": "NewsArticle", "headline": "x", "inLanguage": {"@type": "Language", "alternateName": "ru"}}"""),
            htmlAttributes: "lang=\"en\"");

        Assert.Equal("ru", extractor.Extract(html, null).Language);
    }
}
