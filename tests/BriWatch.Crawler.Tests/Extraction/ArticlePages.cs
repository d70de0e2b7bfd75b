namespace BriWatch.Crawler.Tests.Extraction;

/// <summary>Builds small article pages for unit tests.</summary>
internal static class ArticlePages
{
    public const string BodyParagraph1 =
        "China and Kazakhstan opened a new rail freight terminal at Khorgos on Monday, extending the overland corridor "
        + "that links western China with Central Asia and Europe under the Belt and Road Initiative.";

    public const string BodyParagraph2 =
        "Officials said the terminal will handle up to two million containers a year once fully operational, and that "
        + "customs clearance times for industrial goods have fallen by nearly half since the joint inspection regime began.";

    public const string BodyParagraph3 =
        "Trade ministers from the BRICS members are expected to review the project next month, alongside proposals for "
        + "shared standards in battery manufacturing, steel and renewable power equipment.";

    /// <summary>A page with a nav bar, an article of three paragraphs and a footer; <paramref name="head"/> goes into &lt;head&gt;.</summary>
    public static string Page(string head = "", string htmlAttributes = "") => $"""
        <!DOCTYPE html>
        <html {htmlAttributes}>
        <head><title>Khorgos terminal opens | Silk Road Daily</title>{head}</head>
        <body>
          <nav class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
          <article>
            <h1>Khorgos terminal opens</h1>
            <p>{BodyParagraph1}</p>
            <p>{BodyParagraph2}</p>
            <p>{BodyParagraph3}</p>
          </article>
          <footer class="footer">Copyright Silk Road Daily. All rights reserved.</footer>
        </body>
        </html>
        """;

    public static string JsonLd(string json) => $"""<script type="application/ld+json">{json}</script>""";
}
