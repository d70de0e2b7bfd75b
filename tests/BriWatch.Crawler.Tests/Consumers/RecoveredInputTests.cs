using System.Text;
using BriWatch.Crawler.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Consumers;

/// <summary>Bad input the crawler reads anyway: the items are announced, and the source records a readable warning instead of an error.</summary>
public sealed class RecoveredInputTests
{
    /// <summary>Two whole items, then the document breaks off mid-tag.</summary>
    private static readonly string Truncated = Samples.Rss(("Summit opens", "https://e.org/summit"), ("Port deal", "https://e.org/port"))
        .Replace("</channel>", "</chan", StringComparison.Ordinal)
        .Replace("</rss>", "", StringComparison.Ordinal);

    /// <summary>UTF-8 bytes (é is two of them) in a document that declares US-ASCII.</summary>
    private static readonly byte[] MislabelledAscii = Encoding.UTF8.GetBytes(
        Samples.Rss(("Café opens in São Paulo", "https://e.org/cafe")).Replace("encoding=\"utf-8\"", "encoding=\"us-ascii\"", StringComparison.Ordinal));

    [Fact]
    public async Task Records_a_warning_when_the_feed_was_recovered_from_malformed_xml()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/broken", () => Results.Text(Truncated, "application/rss+xml"));
            app.MapGet("/good", () => Results.Text(Samples.Rss(("Fine", "https://e.org/fine")), "application/rss+xml"));
        });
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("broken", server.Url("broken"));
        await crawler.AddSourceAsync("good", server.Url("good"));

        var broken = await crawler.PollAsync("broken");
        var good = await crawler.PollAsync("good");

        Assert.Equal(["Summit opens", "Port deal"], crawler.Discovered("broken").Select(d => d.Title));
        Assert.StartsWith("not well-formed XML at line ", broken.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.EndsWith("; kept 2 recovered items", broken.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.Null(broken.Crawl.LastError);
        Assert.Equal(0, broken.Crawl.ConsecutiveFailures);
        Assert.Equal(CrawlerHarness.Start, broken.Crawl.LastSuccessAt);
        Assert.Empty(crawler.Failures("broken"));
        Assert.Null(good.Crawl.LastWarning);
        Assert.Single(crawler.Discovered("good"));
    }

    [Fact]
    public async Task A_bare_ampersand_in_item_2_of_6_costs_no_item_and_the_warning_counts_it()
    {
        var lines = new List<string>
        {
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Agência</title><link>https://e.org/</link><language>pt-BR</language>",
        };
        lines.AddRange(Enumerable.Range(1, 6).Select(n => n switch
        {
            2 => "<item><title>Ministério de R&D anuncia parque</title><link>https://e.org/2</link></item>",
            4 => "<item><title>Port deal signed</title><link>https://e.org/4</link><dc:language>en</dc:language></item>",
            _ => $"<item><title>Notícia {n}</title><link>https://e.org/{n}</link></item>",
        }));
        lines.Add("</channel></rss>");
        var feed = string.Join('\n', lines);
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Text(feed, "application/rss+xml")));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.FetchArticlePages = false);
        await crawler.AddSourceAsync("agencia", server.Url("feed"));

        var source = await crawler.PollAsync("agencia");

        var discovered = crawler.Discovered("agencia");
        Assert.Equal(
            ["Notícia 1", "Ministério de R&D anuncia parque", "Notícia 3", "Port deal signed", "Notícia 5", "Notícia 6"],
            discovered.Select(d => d.Title));
        Assert.Equal(["pt-BR", "pt-BR", "pt-BR", "en", "pt-BR", "pt-BR"], discovered.Select(d => d.LanguageHint));
        Assert.Equal("not well-formed XML; 1 bare '&' read as text (line 4); kept 6 recovered items", source.Crawl.LastWarning);
        Assert.Null(source.Crawl.LastError);
    }

    [Fact]
    public async Task A_feed_whose_dtd_is_refused_stores_its_real_items_and_no_junk()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/xxe", () => Results.Text(
                BadInputs.ExternalEntity.Replace("</channel>", "<item><title>Real story</title><link>https://e.org/real</link></item></channel>", StringComparison.Ordinal),
                "application/rss+xml"));
            app.MapGet("/laughs", () => Results.Text(
                BadInputs.BillionLaughs.Replace("<item><title>&lol9;</title></item>", "<item><title>Tender results</title><link>https://e.org/tender</link></item>", StringComparison.Ordinal),
                "application/xml"));
        });
        await using var crawler = await CrawlerHarness.StartAsync(o => o.FetchArticlePages = false);
        await crawler.AddSourceAsync("xxe", server.Url("xxe"));
        await crawler.AddSourceAsync("laughs", server.Url("laughs"));

        var xxe = await crawler.PollAsync("xxe");
        var laughs = await crawler.PollAsync("laughs");

        // Refused, not fetched: the entity reads as its own name, never as the file it points at.
        Assert.Equal(["x", "Real story"], crawler.Discovered("xxe").Select(d => d.Title));
        Assert.DoesNotContain(crawler.Discovered("xxe"), d => d.Text.Contains("root:", StringComparison.Ordinal));
        Assert.Equal(["Tender results"], crawler.Discovered("laughs").Select(d => d.Title));
        Assert.Equal("https://e.org/tender", crawler.Discovered("laughs")[0].CanonicalUrl);
        Assert.Equal("not well-formed XML; 1 reference to entities of the refused DTD read as text (&xxe; at line 1); kept 2 recovered items", xxe.Crawl.LastWarning);
        Assert.Equal("not well-formed XML; 1 reference to entities of the refused DTD read as text (&lol9; at line 1); kept 1 recovered item", laughs.Crawl.LastWarning);
    }

    [Fact]
    public async Task Records_a_warning_when_the_declared_charset_does_not_fit_the_bytes()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/feed", () => Results.Bytes(MislabelledAscii, "application/rss+xml")));
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("mislabelled", server.Url("feed"));

        var source = await crawler.PollAsync("mislabelled");

        Assert.Equal(["Café opens in São Paulo"], crawler.Discovered("mislabelled").Select(d => d.Title));
        Assert.Equal("declared character encoding us-ascii does not fit the bytes; decoded as utf-8; kept 1 recovered item", source.Crawl.LastWarning);
        Assert.Null(source.Crawl.LastError);
    }

    [Fact]
    public async Task A_later_clean_poll_clears_the_warning()
    {
        var fixedUp = false;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () =>
            fixedUp ? Results.Text(Samples.Rss(("Summit opens", "https://e.org/summit")), "application/rss+xml") : Results.Bytes(MislabelledAscii, "application/rss+xml")));
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("flaky", server.Url("feed"));

        var warned = await crawler.PollAsync("flaky");
        crawler.Time.Advance(TimeSpan.FromMinutes(10));
        fixedUp = true;
        var clean = await crawler.PollAsync("flaky");

        Assert.NotNull(warned.Crawl.LastWarning);
        Assert.Null(clean.Crawl.LastWarning);
        Assert.Null(clean.Crawl.LastError);
        Assert.Equal(2, crawler.Discovered("flaky").Count);
    }

    [Fact]
    public async Task A_304_keeps_the_warning_because_the_document_did_not_change()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            if (c.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                return Results.StatusCode(304);
            }

            c.Response.Headers.ETag = "\"v1\"";
            return Results.Text(Truncated, "application/rss+xml");
        }));
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("cond", server.Url("feed"));

        var first = await crawler.PollAsync("cond");
        crawler.Time.Advance(TimeSpan.FromMinutes(10));
        var unchanged = await crawler.PollAsync("cond");

        Assert.NotNull(first.Crawl.LastWarning);
        Assert.Equal(first.Crawl.LastWarning, unchanged.Crawl.LastWarning);
        Assert.Equal(crawler.Time.GetUtcNow(), unchanged.Crawl.LastSuccessAt);
    }

    [Fact]
    public async Task A_failed_poll_records_its_error_and_keeps_the_warning_of_the_last_success()
    {
        var down = false;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () =>
            down ? Results.StatusCode(503) : Results.Text(Truncated, "application/rss+xml")));
        await using var crawler = await CrawlerHarness.StartAsync();
        await crawler.AddSourceAsync("shaky", server.Url("feed"));

        var warned = await crawler.PollAsync("shaky");
        crawler.Time.Advance(TimeSpan.FromMinutes(10));
        down = true;
        var failed = await crawler.PollAsync("shaky");

        Assert.StartsWith("HTTP 503", failed.Crawl.LastError, StringComparison.Ordinal);
        Assert.Equal(warned.Crawl.LastWarning, failed.Crawl.LastWarning);
    }

    [Fact]
    public async Task Html_page_with_a_wrong_declared_charset_is_read_as_a_listing_with_a_warning()
    {
        var page = Encoding.UTF8.GetBytes("""
            <!DOCTYPE html><html lang="pt"><head><meta charset="us-ascii"><title>Notícias</title></head><body><main><ul>
            <li><a href="/noticias/1">Ministério anuncia parque industrial em Goiás</a> <time datetime="2026-03-04">4 mar</time></li>
            <li><a href="/noticias/2">Acordo de cooperação em energia solar com a China</a> <time datetime="2026-03-03">3 mar</time></li>
            <li><a href="/noticias/3">Nova ferrovia liga porto de Santos ao interior</a> <time datetime="2026-03-02">2 mar</time></li>
            </ul></main></body></html>
            """);
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/noticias", () => Results.Bytes(page, "text/html")));
        await using var crawler = await CrawlerHarness.StartAsync(o => o.FetchArticlePages = false);
        await crawler.AddSourceAsync("ministerio", server.Url("noticias"));

        var source = await crawler.PollAsync("ministerio");

        Assert.Contains("Ministério anuncia parque industrial em Goiás", crawler.Discovered("ministerio").Select(d => d.Title));
        Assert.StartsWith("declared character encoding us-ascii does not fit the bytes; decoded as utf-8; kept ", source.Crawl.LastWarning, StringComparison.Ordinal);
        Assert.Null(source.Crawl.LastError);
    }
}
