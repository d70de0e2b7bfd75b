using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Api.Tests;

public sealed class DeliveryEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task Lists_deliveries_by_subscription_and_state_and_replays_a_dead_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = host.Services.GetRequiredService<IDeliveryStore>();
        var now = DateTimeOffset.UtcNow;
        Assert.True(await store.TryCreateAsync(Delivery("dlv_a", "sub_1", "story-a", now), ct));
        Assert.True(await store.TryCreateAsync(Delivery("dlv_b", "sub_2", "story-b", now) with { Kind = DeliveryKind.EndpointTest }, ct));
        await store.RecordAttemptAsync(new DeliveryAttempt("dlv_a", DeliveryState.Dead, 8, now, now, "HTTP 500 Internal Server Error"), ct);

        var dead = await Client.GetFromJsonAsync<JsonArray>("/api/deliveries?state=dead", ct);
        Assert.Equal("dlv_a", Assert.Single(dead!)!["id"]!.GetValue<string>());
        var forSub2 = await Client.GetFromJsonAsync<JsonArray>("/api/deliveries?subscription=sub_2", ct);
        var listed = Assert.Single(forSub2!)!;
        Assert.Equal(("dlv_b", "endpointTest"), (listed["id"]!.GetValue<string>(), listed["kind"]!.GetValue<string>()));
        Assert.Equal("alert", dead![0]!["kind"]!.GetValue<string>());

        var replay = await Client.PostAsync("/api/deliveries/dlv_a/replay", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var replayed = await Client.GetFromJsonAsync<JsonObject>("/api/deliveries/dlv_a", ct);
        Assert.Equal("pending", replayed!["state"]!.GetValue<string>());
        Assert.Equal(0, replayed["attempts"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("state=exploded", "state", "pending, delivered, failed or dead")]
    [InlineData("state=7", "state", "pending, delivered, failed or dead")]
    [InlineData("limit=0", "limit", "between 1 and 500")]
    public async Task Bad_filters_are_400_problems_naming_the_filter(string query, string filter, string message)
    {
        var response = await Client.GetAsync("/api/deliveries?" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        Assert.StartsWith(filter + " must be", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal([filter], errors.Select(e => e.Key));
        Assert.Contains(message, errors[filter]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replaying_an_unknown_delivery_is_a_404_problem()
    {
        var response = await Client.PostAsync("/api/deliveries/nope/replay", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Delivery Delivery(string id, string subscription, string story, DateTimeOffset now) => new()
    {
        Id = id,
        SubscriptionId = subscription,
        StoryId = story,
        ArticleId = story,
        Channel = "webhook",
        Target = "https://hooks.example.org/x",
        Payload = "{}",
        CreatedAt = now,
        NextAttemptAt = now.AddHours(1),
    };
}
