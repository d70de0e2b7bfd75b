using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Identity;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Tests;

public sealed class AuditEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private HttpClient Admin => host.Client;

    [Fact]
    public async Task Subscription_changes_are_recorded_with_their_actor_and_without_secrets()
    {
        var ct = TestContext.Current.CancellationToken;
        using var olga = await host.ClientForAsync("olga");
        var subscriptions = host.Services.GetRequiredService<ISubscriptionStore>();
        var body = new { name = "Ports", topics = new[] { "infrastructure_transport" }, webhook = new { url = "https://hooks.example.org/ports" } };

        var created = await olga.PostAsJsonAsync("/api/subscriptions", body, ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
        var first = (await subscriptions.GetAsync(id, ct))!;
        Assert.Equal(HttpStatusCode.OK, (await olga.PutAsJsonAsync($"/api/subscriptions/{id}", body with { name = "Ports and rail" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await olga.PostAsync($"/api/subscriptions/{id}/feed-token", null, ct)).StatusCode);
        var second = (await subscriptions.GetAsync(id, ct))!;
        Assert.Equal(HttpStatusCode.NoContent, (await olga.DeleteAsync($"/api/subscriptions/{id}", ct)).StatusCode);

        var (records, text) = await ListAsync("/api/audit?actor=olga", ct);

        Assert.Equal(
            ["subscription.deleted", "subscription.feed_token_regenerated", "subscription.updated", "subscription.created"],
            records.Select(r => r!["action"]!.GetValue<string>()));
        Assert.All(records, r => Assert.Equal(("olga", "subscription", id), (Text(r, "actor"), Text(r, "targetType"), Text(r, "targetId"))));
        Assert.Null(records[^1]!["before"]);
        Assert.Equal("Ports", Text(records[^1]!["after"], "name"));
        Assert.Equal("Ports and rail", Text(records[1]!["after"], "name"));
        Assert.Equal("https://hooks.example.org/ports", Text(records[1]!["after"]!["webhook"], "url"));
        Assert.Null(records[0]!["after"]);
        foreach (var secret in new[] { first.Webhook!.Secret, first.FeedToken!, second.FeedToken! })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Source_user_and_key_changes_are_recorded_without_keys_or_their_hashes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pat = await host.ClientForAsync("pat", UserRole.Admin);
        Assert.Equal(HttpStatusCode.Created, (await pat.PostAsJsonAsync("/api/sources", new { id = "audited", name = "Audited", url = "https://example.org/feed.xml", kind = "rss" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pat.PutAsJsonAsync("/api/sources/audited", new { name = "Audited (EN)", url = "https://example.org/feed.xml", kind = "rss" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await pat.DeleteAsync("/api/sources/audited", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await pat.PostAsJsonAsync("/api/users", new { ownerId = "quinn", displayName = "Quinn" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pat.PutAsJsonAsync("/api/users/quinn", new { displayName = "Quinn", disabled = true }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pat.PutAsJsonAsync("/api/users/quinn", new { displayName = "Quinn" }, ct)).StatusCode);
        var issued = (await (await pat.PostAsJsonAsync("/api/users/quinn/keys", new { scopes = new[] { "read" } }, ct)).Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var key = issued["key"]!.GetValue<string>();
        var prefix = issued["prefix"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await pat.DeleteAsync($"/api/keys/{prefix}", ct)).StatusCode);
        var hash = (await host.Services.GetRequiredService<IApiKeyStore>().GetAsync(prefix, ct))!.SecretHash;

        var (records, text) = await ListAsync("/api/audit?actor=pat", ct);

        Assert.Equal(
            ["key.revoked", "key.created", "user.updated", "user.updated", "user.created", "source.deleted", "source.updated", "source.created"],
            records.Select(r => Text(r, "action")));
        Assert.All(records, r => Assert.Equal("pat", Text(r, "actor")));
        Assert.Equal(("api_key", prefix), (Text(records[0], "targetType"), Text(records[0], "targetId")));
        Assert.Equal(("user", "quinn"), (Text(records[2], "targetType"), Text(records[2], "targetId")));
        Assert.True(records[3]!["after"]!["disabled"]!.GetValue<bool>());
        Assert.Equal("subscriber", Text(records[4]!["after"], "role"));
        Assert.Equal(("source", "audited"), (Text(records[5], "targetType"), Text(records[5], "targetId")));
        Assert.Equal("Audited (EN)", Text(records[6]!["after"], "name"));
        Assert.DoesNotContain(key[14..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Own_key_changes_are_recorded_with_the_subscriber_as_actor()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rita = await host.ClientForAsync("rita");
        var issued = (await (await rita.PostAsJsonAsync("/api/me/keys", new { }, ct)).Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var prefix = issued["prefix"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await rita.DeleteAsync($"/api/me/keys/{prefix}", ct)).StatusCode);

        var (records, text) = await ListAsync($"/api/audit?targetType=api_key&targetId={prefix}", ct);

        Assert.Equal(["key.revoked", "key.created"], records.Select(r => Text(r, "action")));
        Assert.All(records, r => Assert.Equal("rita", Text(r, "actor")));
        Assert.Equal(["read", "subscriptions"], records[1]!["after"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.DoesNotContain(issued["key"]!.GetValue<string>()[14..], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_follow_the_next_cursor_newest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sam = await host.ClientForAsync("sam", UserRole.Admin);
        foreach (var name in new[] { "one", "two", "three" })
        {
            Assert.Equal(HttpStatusCode.Created, (await sam.PostAsJsonAsync("/api/users", new { ownerId = "paged-" + name, displayName = name }, ct)).StatusCode);
        }

        var page1 = (await Admin.GetFromJsonAsync<JsonObject>("/api/audit?actor=sam&limit=2", ct))!;
        var next = page1["next"]!.GetValue<string>();
        var page2 = (await Admin.GetFromJsonAsync<JsonObject>($"/api/audit?actor=sam&limit=2&after={Uri.EscapeDataString(next)}", ct))!;

        Assert.Equal(["paged-three", "paged-two"], page1["items"]!.AsArray().Select(r => Text(r, "targetId")));
        Assert.Equal(["paged-one"], page2["items"]!.AsArray().Select(r => Text(r, "targetId")));
        Assert.Null(page2["next"]);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("targetId=sub_1", "targetId")]
    public async Task Bad_audit_parameters_are_a_problem_naming_the_parameter(string query, string parameter)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Admin.GetAsync($"/api/audit?{query}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["errors"]![parameter]);
    }

    [Fact]
    public async Task The_audit_log_is_admin_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var subscriber = await host.ClientForAsync("tom");
        using var readOnlyAdmin = await host.ClientForAsync("ursula", UserRole.Admin, ApiKeyScopes.Read);

        Assert.Equal(HttpStatusCode.Forbidden, (await subscriber.GetAsync("/api/audit", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnlyAdmin.GetAsync("/api/audit", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/api/audit", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/api/audit", ct)).StatusCode);
    }

    private async Task<(JsonArray Records, string Text)> ListAsync(string path, CancellationToken ct)
    {
        var text = await Admin.GetStringAsync(path, ct);
        return (JsonNode.Parse(text)!["items"]!.AsArray(), text);
    }

    private static string Text(JsonNode? node, string property) => node![property]!.GetValue<string>();
}
