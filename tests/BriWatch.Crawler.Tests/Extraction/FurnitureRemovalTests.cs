using BriWatch.Crawler.Extraction;

namespace BriWatch.Crawler.Tests.Extraction;

public sealed class FurnitureRemovalTests
{
    private readonly ArticleExtractor extractor = new();

    [Fact]
    public void Leading_byline_dateline_and_photo_credit_are_not_part_of_the_text()
    {
        var article = extractor.Extract(Page("""
            <p>© Noah Addis</p>
            <p>Por Maria Silva — 28/11/2026</p>
            """, string.Empty), null);

        Assert.StartsWith(ArticlePages.BodyParagraph1, article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Noah Addis", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Maria Silva", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_share_bar_and_related_links_inside_the_article_are_dropped()
    {
        var article = extractor.Extract(Page(string.Empty, """
            <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
            <section id="comments"><h3>3 comments</h3><p>Great piece, thanks for writing about the terminal and the corridor.</p></section>
            """), null);

        Assert.EndsWith(ArticlePages.BodyParagraph3, article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Great piece", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Facebook", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_a_related_articles_heading_at_the_end_is_cut()
    {
        var article = extractor.Extract(Page(string.Empty, """
            <h3>Auch interessant:</h3>
            <p>Neue Zugverbindung nach Almaty eröffnet, die Fahrzeit sinkt um einen ganzen Tag für Reisende.</p>
            """), null);

        Assert.EndsWith(ArticlePages.BodyParagraph3, article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Almaty", article.Text, StringComparison.Ordinal);
    }

    private static string Page(string beforeBody, string afterBody) => $"""
        <!DOCTYPE html>
        <html><head><title>Khorgos terminal opens</title></head>
        <body>
          <article>
            <h1>Khorgos terminal opens</h1>
            {beforeBody}
            <p>{ArticlePages.BodyParagraph1}</p>
            <p>{ArticlePages.BodyParagraph2}</p>
            <p>{ArticlePages.BodyParagraph3}</p>
            {afterBody}
          </article>
        </body></html>
        """;
}
