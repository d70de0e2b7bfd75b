using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Crawler.WebSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.WebSub;

public sealed class WebSubLinksTests
{
    private static readonly Uri FeedUrl = new("https://news.example.org/feed.xml");

    [Fact]
    public void Finds_hub_and_self_in_an_atom_feed_but_not_in_its_entries()
    {
        var links = Find("""
            <feed xmlns="http://www.w3.org/2005/Atom">
              <link rel="hub" href="https://hub.example.org/"/>
              <link rel="self" href="/atom.xml"/>
              <entry><link rel="hub" href="https://entry-hub.example.org/"/><link rel="self" href="https://entry.example.org/"/></entry>
            </feed>
            """);

        Assert.Equal([new Uri("https://hub.example.org/")], links.Hubs);
        Assert.Equal(new Uri("https://news.example.org/atom.xml"), links.Self);
        Assert.True(links.CanSubscribe);
    }

    [Fact]
    public void Finds_atom_links_in_an_rss_channel()
    {
        var links = Find("""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
              <link>https://news.example.org/</link>
              <atom:link rel="hub" href="https://pubsubhubbub.appspot.com/"/>
              <atom:link rel="self" type="application/rss+xml" href="https://news.example.org/feed.xml"/>
              <item><title>x</title><link>https://news.example.org/x</link></item>
            </channel></rss>
            """);

        Assert.Equal([new Uri("https://pubsubhubbub.appspot.com/")], links.Hubs);
        Assert.Equal(FeedUrl, links.Self);
    }

    [Fact]
    public void Finds_json_feed_hubs_and_feed_url()
    {
        var links = Find("""{"version":"https://jsonfeed.org/version/1.1","feed_url":"https://news.example.org/feed.json","hubs":[{"type":"rssCloud","url":"https://cloud.example.org/"},{"type":"WebSub","url":"https://hub.example.org/"}],"items":[]}""");

        Assert.Equal([new Uri("https://hub.example.org/")], links.Hubs);
        Assert.Equal(new Uri("https://news.example.org/feed.json"), links.Self);
    }

    [Fact]
    public void Finds_hub_and_self_on_an_html_page()
    {
        var links = Find("""<!doctype html><html><head><link rel="hub" href="https://hub.example.org/"><link rel="self" href="/page"></head><body></body></html>""", "text/html");

        Assert.Equal([new Uri("https://hub.example.org/")], links.Hubs);
        Assert.Equal(new Uri("https://news.example.org/page"), links.Self);
    }

    [Fact]
    public void The_http_link_header_comes_first_and_its_self_wins()
    {
        var document = Document("""<feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://body-hub.example.org/"/><link rel="self" href="https://body.example.org/"/></feed>""") with
        {
            Links = ["<https://header-hub.example.org/>; rel=\"hub\", </topic?a=1,2>; rel=\"self alternate\"; title=\"x, y\"", "<ftp://nope.example.org/>; rel=hub"],
        };

        var links = WebSubLinks.Find(document);

        Assert.Equal([new Uri("https://header-hub.example.org/"), new Uri("https://body-hub.example.org/")], links.Hubs);
        Assert.Equal(new Uri("https://news.example.org/topic?a=1,2"), links.Self);
    }

    [Fact]
    public void A_feed_without_a_hub_cannot_be_subscribed_and_a_broken_one_keeps_the_links_before_the_break()
    {
        Assert.False(Find("""<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="/a"/></feed>""").CanSubscribe);

        var broken = Find("""<feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://hub.example.org/"/><link rel="self" href="/a"/><entry><title>&nbsp;</entry>""");

        Assert.True(broken.CanSubscribe);
        Assert.False(Find("not a feed at all").CanSubscribe);
    }

    [Fact]
    public void Link_header_values_parse_per_rfc_8288()
    {
        var parsed = LinkHeader.Parse("<https://a.example.org/>; rel=\"hub\";rel=\"self\", <b>;title=\"no rel\", <c>; REL=Self; anchor=\"x\"").ToList();

        Assert.Equal(3, parsed.Count);
        Assert.Equal("https://a.example.org/", parsed[0].Target);
        Assert.Equal(["hub"], parsed[0].Relations);
        Assert.Empty(parsed[1].Relations);
        Assert.Equal(["Self"], parsed[2].Relations);
    }

    [Fact]
    public async Task The_fetcher_keeps_the_link_header_for_discovery()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpResponse response) =>
        {
            response.Headers.Append("Link", "<https://hub.example.org/>; rel=\"hub\"");
            response.Headers.Append("Link", "</feed>; rel=\"self\"");
            return Results.Text(Samples.Rss(("Hello", "https://e.org/hello")), "application/rss+xml");
        }));

        var document = await Fetchers.Create().FetchAsync(server.Url("feed"), null, null, TestContext.Current.CancellationToken);
        var links = WebSubLinks.Find(document);

        Assert.Equal([new Uri("https://hub.example.org/")], links.Hubs);
        Assert.Equal(server.Url("feed"), links.Self);
    }

    private static WebSubLinks Find(string body, string contentType = "application/xml") => WebSubLinks.Find(Document(body, contentType));

    private static FetchedDocument Document(string body, string contentType = "application/xml") =>
        new(FeedUrl, false, Samples.Utf8(body), contentType, null, null, null);
}
