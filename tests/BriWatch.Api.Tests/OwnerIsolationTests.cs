using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Identity;

namespace BriWatch.Api.Tests;

/// <summary>Subscriber A cannot read, change, replay or preview subscriber B's objects through any endpoint; an admin can.</summary>
public sealed class OwnerIsolationTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_subscriber_never_sees_or_touches_another_subscribers_subscription_and_an_admin_does()
    {
        var alice = await host.ClientForAsync("alice");
        var bob = await host.ClientForAsync("bob");
        var id = await CreateAsync(alice, "Alice's ports");

        Assert.DoesNotContain(await ListIdsAsync(bob, "/api/subscriptions"), i => i == id);
        Assert.Empty(await ListIdsAsync(bob, "/api/subscriptions?owner=alice"));
        foreach (var (method, path) in new[]
        {
            ("GET", $"/api/subscriptions/{id}"), ("PUT", $"/api/subscriptions/{id}"), ("DELETE", $"/api/subscriptions/{id}"),
            ("POST", $"/api/subscriptions/{id}/feed-token"), ("POST", $"/api/subscriptions/{id}/preview"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "PUT")
            {
                request.Content = JsonContent.Create(new { owner = "bob", name = "Taken over", webhook = new { url = "https://attacker.example.org/hook" } });
            }

            var response = await bob.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} as bob: {(int)response.StatusCode}");
        }

        var stillAlices = await alice.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", Ct);
        Assert.Equal("Alice's ports", stillAlices!["name"]!.GetValue<string>());
        Assert.Equal("alice", stillAlices["owner"]!.GetValue<string>());
        Assert.Contains(await ListIdsAsync(host.Client, "/api/subscriptions?owner=alice"), i => i == id);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/api/subscriptions/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_subscriber_cannot_create_a_subscription_for_someone_else_but_an_admin_can()
    {
        var bob = await host.ClientForAsync("bob-creates");

        var refused = await bob.PostAsJsonAsync("/api/subscriptions", Body("alice", "For Alice"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("owner", (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject().Select(e => e.Key));

        var own = await bob.PostAsJsonAsync("/api/subscriptions", Body(null, "Mine"), Ct);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal("bob-creates", (await own.Content.ReadFromJsonAsync<JsonObject>(Ct))!["owner"]!.GetValue<string>());

        var forAlice = await host.Client.PostAsJsonAsync("/api/subscriptions", Body("alice", "Made by an admin"), Ct);
        Assert.Equal(HttpStatusCode.Created, forAlice.StatusCode);
        Assert.Equal("alice", (await forAlice.Content.ReadFromJsonAsync<JsonObject>(Ct))!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_subscriber_never_sees_or_replays_another_subscribers_delivery_and_an_admin_does()
    {
        var carol = await host.ClientForAsync("carol");
        var dave = await host.ClientForAsync("dave");
        var subscription = await CreateAsync(carol, "Carol's rail");
        var delivery = await StoreFailedDeliveryAsync(subscription);

        Assert.DoesNotContain(await ListIdsAsync(dave, "/api/deliveries"), i => i == delivery);
        Assert.Empty(await ListIdsAsync(dave, $"/api/deliveries?subscription={subscription}"));
        Assert.Equal(HttpStatusCode.NotFound, (await dave.GetAsync($"/api/deliveries/{delivery}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dave.PostAsync($"/api/deliveries/{delivery}/replay", null, Ct)).StatusCode);
        Assert.Equal("failed", (await host.Client.GetFromJsonAsync<JsonObject>($"/api/deliveries/{delivery}", Ct))!["state"]!.GetValue<string>());

        Assert.Contains(await ListIdsAsync(carol, "/api/deliveries"), i => i == delivery);
        Assert.Contains(await ListIdsAsync(host.Client, "/api/deliveries"), i => i == delivery);
        Assert.Equal(HttpStatusCode.Accepted, (await carol.PostAsync($"/api/deliveries/{delivery}/replay", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_of_an_admin_is_not_an_admin_key()
    {
        var readOnly = await host.ClientForAsync(ApiHost.AdminOwner, scopes: ApiKeyScopes.Read);

        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/articles", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.GetAsync("/api/sources", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.GetAsync("/api/subscriptions", Ct)).StatusCode);
    }

    private static object Body(string? owner, string name) =>
        new { owner, name, topics = new[] { "bri" }, webhook = new { url = "https://hooks.example.org/isolation" } };

    private static async Task<string> CreateAsync(HttpClient client, string name)
    {
        var created = await client.PostAsJsonAsync("/api/subscriptions", Body(null, name), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
    }

    private static async Task<List<string>> ListIdsAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<JsonArray>(path, Ct))!.Select(s => s!["id"]!.GetValue<string>())];

    private async Task<string> StoreFailedDeliveryAsync(string subscriptionId)
    {
        var id = "dlv_" + Guid.NewGuid().ToString("N")[..16];
        Assert.True(await host.Services.GetRequiredService<IDeliveryStore>().TryCreateAsync(
            new Delivery
            {
                Id = id,
                SubscriptionId = subscriptionId,
                StoryId = "story-" + id,
                ArticleId = "article-" + id,
                Channel = "webhook",
                Target = "https://hooks.example.org/isolation",
                Payload = "{}",
                State = DeliveryState.Failed,
                CreatedAt = DateTimeOffset.UtcNow,
            },
            Ct));
        return id;
    }
}
