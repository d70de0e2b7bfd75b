using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Api.Tests;

public sealed class AtomFeedEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private HttpClient Client => host.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Feed_lists_the_matched_articles_newest_first_with_titles_links_evidence_and_categories()
    {
        var (id, feedUrl) = await CreateSubscriptionAsync("Solar in Brazil");
        var t0 = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        await StoreArticleAsync(Article("feed-solar", "Chinese firm builds solar park in Brazil", ["energy_new"], ["CN", "BR"], t0, ["builds a 500 MW solar park"]));
        await StoreArticleAsync(Article("feed-port", "NDB loan for South African port", ["infrastructure_transport", "finance_investment"], ["ZA"], t0, []));
        await StoreDeliveryAsync(Delivery("d-solar-webhook", id, "feed-solar", "webhook", t0.AddHours(1)));
        await StoreDeliveryAsync(Delivery("d-solar-email", id, "feed-solar", "email", t0.AddHours(1)));
        await StoreDeliveryAsync(Delivery("d-port", id, "feed-port", "webhook", t0.AddHours(3)));
        await StoreDeliveryAsync(Delivery("d-gone", id, "feed-deleted-article", "webhook", t0.AddHours(4)));
        await StoreDeliveryAsync(Delivery("d-test", id, "endpoint-test", "webhook", t0.AddHours(5)) with { Kind = DeliveryKind.EndpointTest, StoryId = "endpoint-test:abc" });
        await StoreDeliveryAsync(Delivery("d-other", "sub_someone_else", "feed-solar", "webhook", t0.AddHours(6)));

        var response = await Client.GetAsync(feedUrl, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = AssertValidAtom(XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal("BriWatch: Solar in Brazil", feed.Element(Atom + "title")!.Value);
        Assert.Equal(new Uri(Client.BaseAddress!, feedUrl).AbsoluteUri, Link(feed, "self"));
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(["NDB loan for South African port", "Chinese firm builds solar park in Brazil"], entries.Select(e => e.Element(Atom + "title")!.Value));
        Assert.Equal(["https://example.org/feed-port", "https://example.org/feed-solar"], entries.Select(e => Link(e, "alternate")));
        Assert.Equal("2026-11-20T12:00:00Z", feed.Element(Atom + "updated")!.Value);
        Assert.Equal("2026-11-20T12:00:00Z", entries[0].Element(Atom + "updated")!.Value);
        Assert.Equal("2026-11-20T09:00:00Z", entries[1].Element(Atom + "published")!.Value);
        Assert.Equal(
            ["urn:briwatch:topic energy_new", "urn:briwatch:country CN", "urn:briwatch:country BR"],
            entries[1].Elements(Atom + "category").Select(c => c.Attribute("scheme")!.Value + " " + c.Attribute("term")!.Value));
        Assert.Contains("“builds a 500 MW solar park”", entries[1].Element(Atom + "summary")!.Value, StringComparison.Ordinal);
        Assert.Equal(
            ["infrastructure_transport", "finance_investment", "ZA"],
            entries[0].Elements(Atom + "category").Select(c => c.Attribute("term")!.Value));
    }

    [Fact]
    public async Task Feed_of_a_digest_subscription_lists_the_articles_of_its_digests()
    {
        var (id, feedUrl) = await CreateSubscriptionAsync("Daily digest");
        var t0 = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
        await StoreArticleAsync(Article("digest-a", "First digest article", ["energy_new"], ["BR"], t0.AddHours(-20), []));
        await StoreArticleAsync(Article("digest-b", "Second digest article", ["trade"], ["ZA"], t0.AddHours(-10), []));
        await StoreArticleAsync(Article("digest-c", "Next day's article", ["trade"], ["CN"], t0.AddHours(5), []));
        // The standard digest body, as the email channel (and standard webhooks) store it: items oldest match first.
        await StoreDeliveryAsync(Delivery("d-digest-1", id, "digest", "email", t0) with
        {
            Kind = DeliveryKind.Digest,
            StoryId = "digest:20261121T0800Z",
            Payload = DigestBody(id, ("digest-a", "story-a"), ("digest-b", "story-b"), ("digest-deleted", "story-deleted")),
        });
        await StoreDeliveryAsync(Delivery("d-digest-2", id, "digest", "email", t0.AddDays(1)) with
        {
            Kind = DeliveryKind.Digest,
            StoryId = "digest:20261122T0800Z",
            Payload = DigestBody(id, ("digest-c", "story-c"), ("digest-a", "story-a")),
        });

        var feed = AssertValidAtom(XDocument.Parse(await Client.GetStringAsync(feedUrl, Ct)));

        Assert.Equal(
            ["First digest article", "Next day's article", "Second digest article"],
            feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value));
    }

    private static string DigestBody(string subscriptionId, params (string ArticleId, string StoryId)[] items) =>
        new JsonObject
        {
            ["type"] = "digest",
            ["timestamp"] = "2026-11-21T08:00:00+00:00",
            ["subscriptionId"] = subscriptionId,
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["articleId"] = i.ArticleId, ["storyId"] = i.StoryId, ["title"] = "ignored" })]),
        }.ToJsonString();

    [Fact]
    public async Task Feed_of_a_subscription_without_matches_is_valid_and_empty()
    {
        var (id, feedUrl) = await CreateSubscriptionAsync("Nothing yet");
        var created = await Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", Ct);

        var feed = AssertValidAtom(XDocument.Parse(await Client.GetStringAsync(feedUrl, Ct)));

        Assert.Empty(feed.Elements(Atom + "entry"));
        var createdAt = DateTimeOffset.Parse(created!["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(createdAt.ToUnixTimeSeconds(), DateTimeOffset.Parse(feed.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("/feeds/0123456789abcdefghijklmnopqrstuv.atom")]
    [InlineData("/feeds/x.atom")]
    public async Task Unknown_feed_token_is_a_404_problem_that_reveals_nothing(string path)
    {
        var response = await Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("No feed has this address.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Regenerating_the_feed_token_makes_the_old_url_404_and_the_new_one_work()
    {
        var (id, oldUrl) = await CreateSubscriptionAsync("Rotating");

        var response = await Client.PostAsync($"/api/subscriptions/{id}/feed-token", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var newUrl = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["feedUrl"]!.GetValue<string>();
        Assert.NotEqual(oldUrl, newUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(oldUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(newUrl, Ct)).StatusCode);
        var read = await Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", Ct);
        Assert.Equal(newUrl, read!["feedUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsync("/api/subscriptions/nope/feed-token", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Updating_a_subscription_keeps_its_feed_url()
    {
        var (id, feedUrl) = await CreateSubscriptionAsync("Before");

        var updated = await Client.PutAsJsonAsync(
            $"/api/subscriptions/{id}",
            new { owner = "feeds@example.org", name = "After", topics = new[] { "trade" }, email = new { address = "feeds@example.org" } },
            Ct);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(feedUrl, (await updated.Content.ReadFromJsonAsync<JsonObject>(Ct))!["feedUrl"]!.GetValue<string>());
        Assert.Equal(feedUrl, (await Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", Ct))!["feedUrl"]!.GetValue<string>());
        var feed = XDocument.Parse(await Client.GetStringAsync(feedUrl, Ct)).Root!;
        Assert.Equal("BriWatch: After", feed.Element(Atom + "title")!.Value);
    }

    [Fact]
    public async Task Conditional_get_with_the_etag_or_last_modified_is_304_until_a_new_match()
    {
        var (id, feedUrl) = await CreateSubscriptionAsync("Conditional");
        var t0 = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        await StoreArticleAsync(Article("cond-1", "First match", ["trade"], ["IN"], t0, ["a trade pact"]));
        await StoreDeliveryAsync(Delivery("d-cond-1", id, "cond-1", "email", t0));
        var first = await Client.GetAsync(feedUrl, Ct);
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;
        Assert.Equal(t0, lastModified);

        Assert.Equal(HttpStatusCode.NotModified, (await ConditionalGetAsync(feedUrl, r => r.Headers.IfNoneMatch.Add(etag))).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await ConditionalGetAsync(feedUrl, r => r.Headers.IfModifiedSince = lastModified)).StatusCode);

        await StoreArticleAsync(Article("cond-2", "Second match", ["trade"], ["IN"], t0, ["another pact"]));
        await StoreDeliveryAsync(Delivery("d-cond-2", id, "cond-2", "email", t0.AddMinutes(10)));
        var changed = await ConditionalGetAsync(feedUrl, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(2, XDocument.Parse(await changed.Content.ReadAsStringAsync(Ct)).Root!.Elements(Atom + "entry").Count());
    }

    [Fact]
    public async Task Feed_is_described_in_the_openapi_document_as_atom()
    {
        var document = await Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Ct);

        var get = document!["paths"]!["/feeds/{token}.atom"]!["get"]!;
        Assert.NotNull(get["responses"]!["200"]!["content"]!["application/atom+xml"]);
        Assert.NotNull(get["responses"]!["404"]);
    }

    /// <summary>Checks the RFC 4287 essentials and returns the feed element.</summary>
    private static XElement AssertValidAtom(XDocument document)
    {
        var feed = document.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        AssertAbsoluteIri(Assert.Single(feed.Elements(Atom + "id")).Value);
        Assert.Single(feed.Elements(Atom + "title"));
        AssertDate(Assert.Single(feed.Elements(Atom + "updated")).Value);
        var entries = feed.Elements(Atom + "entry").ToList();
        // atom:feed needs an author unless every entry has one.
        Assert.True(feed.Elements(Atom + "author").Any() || entries.All(e => e.Elements(Atom + "author").Any()));
        Assert.All(feed.Descendants(Atom + "author"), a => Assert.Single(a.Elements(Atom + "name")));
        AssertAbsoluteIri(Link(feed, "self"));
        Assert.NotNull(Link(feed, "alternate"));
        Assert.All(feed.Descendants(Atom + "link"), l => Assert.NotNull(l.Attribute("href")));
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
        foreach (var entry in entries)
        {
            AssertAbsoluteIri(Assert.Single(entry.Elements(Atom + "id")).Value);
            Assert.Single(entry.Elements(Atom + "title"));
            var updated = AssertDate(Assert.Single(entry.Elements(Atom + "updated")).Value);
            var published = AssertDate(Assert.Single(entry.Elements(Atom + "published")).Value);
            Assert.True(published <= updated);
            // Without atom:content an entry needs an alternate link and a summary.
            AssertAbsoluteIri(Link(entry, "alternate"));
            Assert.Single(entry.Elements(Atom + "summary"));
            Assert.All(entry.Elements(Atom + "category"), c => Assert.False(string.IsNullOrEmpty(c.Attribute("term")?.Value)));
        }

        return feed;
    }

    private static string? Link(XElement parent, string rel) =>
        parent.Elements(Atom + "link").SingleOrDefault(l => (l.Attribute("rel")?.Value ?? "alternate") == rel)?.Attribute("href")?.Value;

    private static void AssertAbsoluteIri(string? value) =>
        Assert.True(Uri.TryCreate(value, UriKind.Absolute, out _), $"'{value}' is not an absolute IRI.");

    private static DateTimeOffset AssertDate(string value)
    {
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", value);
        return DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(string Id, string FeedUrl)> CreateSubscriptionAsync(string name)
    {
        var created = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "feeds@example.org", name, email = new { address = "feeds@example.org" } },
            Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var feedUrl = subscription["feedUrl"]!.GetValue<string>();
        Assert.Matches("^/feeds/[A-Za-z0-9_-]{32}\\.atom$", feedUrl);
        return (subscription["id"]!.GetValue<string>(), feedUrl);
    }

    private async Task<HttpResponseMessage> ConditionalGetAsync(string url, Action<HttpRequestMessage> condition)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        condition(request);
        return await Client.SendAsync(request, Ct);
    }

    private async Task StoreArticleAsync(Article article) => await host.Services.GetRequiredService<IArticleStore>().UpsertAsync(article, Ct);

    private async Task StoreDeliveryAsync(Delivery delivery) =>
        Assert.True(await host.Services.GetRequiredService<IDeliveryStore>().TryCreateAsync(delivery, Ct));

    private static Article Article(string id, string title, string[] topics, string[] countries, DateTimeOffset published, string[] evidence) => new()
    {
        Id = id,
        SourceId = "test",
        Url = "https://example.org/" + id,
        Title = title,
        Text = title + ". More text.",
        StoryId = id,
        Relevant = true,
        Score = 0.9,
        Topics = topics,
        Countries = countries,
        Evidence = evidence,
        Published = published,
        DiscoveredAt = published,
        ClassifiedAt = published,
    };

    private static Delivery Delivery(string id, string subscription, string article, string channel, DateTimeOffset at) => new()
    {
        Id = id,
        SubscriptionId = subscription,
        StoryId = article,
        ArticleId = article,
        Channel = channel,
        Target = "feeds@example.org",
        Payload = "{}",
        CreatedAt = at,
        NextAttemptAt = at,
    };
}
