using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Api.Tests;

public sealed class SubscriptionEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task Created_subscription_gets_a_generated_standard_webhooks_secret_shown_once_that_survives_updates()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "analyst@example.org", name = "EV plants in Brazil", topics = new[] { "energy_new", "manufacturing" }, countries = new[] { "BR" }, minScore = 0.6, webhook = new { url = "https://hooks.example.org/briwatch" } },
            ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var id = subscription["id"]!.GetValue<string>();
        var secret = subscription["webhook"]!["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(24, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        var updated = await Client.PutAsJsonAsync(
            $"/api/subscriptions/{id}",
            new { owner = "analyst@example.org", name = "EV plants in Brazil and South Africa", countries = new[] { "BR", "ZA" }, webhook = new { url = "https://hooks.example.org/briwatch" } },
            ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Null((await updated.Content.ReadFromJsonAsync<JsonObject>(ct))!["webhook"]!["secret"]);
        var read = await Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", ct);
        Assert.False(read!["webhook"]!.AsObject().ContainsKey("secret"));
        Assert.Equal("whsec_…" + secret[^4..], read["webhook"]!["secretHint"]!.GetValue<string>());
        Assert.Equal(secret, (await host.Services.GetRequiredService<ISubscriptionStore>().GetAsync(id, ct))!.Webhook!.Secret);
        Assert.Equal(2, read["countries"]!.AsArray().Count);

        var mine = await Client.GetFromJsonAsync<JsonArray>("/api/subscriptions?owner=analyst@example.org", ct);
        Assert.Contains(mine!, s => s!["id"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/subscriptions/{id}", ct)).StatusCode);
    }

    [Fact]
    public async Task Shows_why_alerting_disabled_a_subscription_until_an_update_enables_it_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new { owner = "analyst@example.org", name = "Rail", topics = new[] { "infrastructure_transport" }, webhook = new { url = "https://hooks.example.org/rail" } };
        var created = await Client.PostAsJsonAsync("/api/subscriptions", body, ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
        Assert.Null((await Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", ct))!["disabledReason"]);

        var store = host.Services.GetRequiredService<ISubscriptionStore>();
        Assert.True(await store.DisableAsync(id, "the webhook answered 410 Gone", ct));

        var disabled = (await Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", ct))!;
        Assert.False(disabled["enabled"]!.GetValue<bool>());
        Assert.Equal("the webhook answered 410 Gone", disabled["disabledReason"]!.GetValue<string>());

        var enabled = await Client.PutAsJsonAsync($"/api/subscriptions/{id}", new { body.owner, body.name, body.topics, body.webhook, enabled = true }, ct);
        var read = (await enabled.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.True(read["enabled"]!.GetValue<bool>());
        Assert.Null(read["disabledReason"]);
    }

    [Fact]
    public async Task Unknown_topic_bad_country_and_missing_channel_are_400_problems()
    {
        var response = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "x", name = "bad", topics = new[] { "football" }, countries = new[] { "brazil" }, minScore = 1.5 },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["errors"]!.AsObject();
        Assert.Equal(["countries", "minScore", "topics", "webhook"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("football", errors["topics"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_secret_is_rejected()
    {
        var response = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "x", name = "bad secret", webhook = new { url = "https://hooks.example.org/x", secret = "hunter2" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Query_that_does_not_parse_is_a_400_problem_naming_the_position()
    {
        var response = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "x", name = "bad query", query = "topic:energy_new AND (country:BR", webhook = new { url = "https://hooks.example.org/x" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["errors"]!.AsObject();
        Assert.Contains("position", errors["query"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_dry_runs_filters_and_query_over_recent_articles()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = host.Services.GetRequiredService<BriWatch.Storage.Articles.IArticleStore>();
        var now = DateTimeOffset.UtcNow;
        await store.UpsertAsync(Article("p-solar", "Chinese firm builds solar park in Brazil", ["energy_new"], ["CN", "BR"], 0.9, now), ct);
        await store.UpsertAsync(Article("p-mine", "Brazilian lithium mine gets Chinese investment", ["mining_resources", "energy_new"], ["CN", "BR"], 0.8, now), ct);
        await store.UpsertAsync(Article("p-port", "NDB loan for South African port", ["infrastructure_transport"], ["ZA"], 0.9, now), ct);
        await store.UpsertAsync(Article("p-old", "Old solar deal in Brazil", ["energy_new"], ["BR"], 0.9, now.AddDays(-40)), ct);
        var created = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "preview", name = "Solar, not mining", query = "topic:energy_new AND country:(BR OR ZA) AND NOT topic:mining_resources", webhook = new { url = "https://hooks.example.org/x" } },
            ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();

        var response = await Client.PostAsync($"/api/subscriptions/{id}/preview", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.Equal(1, preview["matched"]!.GetValue<int>());
        Assert.Equal("p-solar", Assert.Single(preview["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsync("/api/subscriptions/nope/preview", null, ct)).StatusCode);
    }

    [Fact]
    public async Task Preview_of_a_stored_subscription_alerting_leaves_out_is_a_conflict_saying_why()
    {
        var ct = TestContext.Current.CancellationToken;
        // Stored before queries were validated: live matching logs and skips it, so there is nothing true to preview.
        await host.Services.GetRequiredService<BriWatch.Storage.Subscriptions.ISubscriptionStore>().CreateAsync(
            new BriWatch.Storage.Subscriptions.Subscription { Id = "sub-unparseable", Owner = "preview", Name = "Old query", Query = "topic:(a OR" },
            ct);

        var response = await Client.PostAsync("/api/subscriptions/sub-unparseable/preview", null, ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.Contains("sub-unparseable", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static BriWatch.Storage.Articles.Article Article(string id, string title, string[] topics, string[] countries, double score, DateTimeOffset discovered) => new()
    {
        Id = id,
        SourceId = "test",
        Url = "https://example.org/" + id,
        Title = title,
        Text = title,
        StoryId = id,
        Relevant = true,
        Score = score,
        Topics = topics,
        Countries = countries,
        DiscoveredAt = discovered,
        ClassifiedAt = discovered,
    };
}
