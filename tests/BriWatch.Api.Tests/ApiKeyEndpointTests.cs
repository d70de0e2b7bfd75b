using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Identity;

namespace BriWatch.Api.Tests;

/// <summary>
/// Keys through the API. Asking for a scope the caller's own key lacks is a 403 (the caller is not allowed to grant it);
/// asking for the admin scope for a subscriber, as an admin, is a 400 (the request is wrong for that user).
/// </summary>
public sealed class ApiKeyEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private HttpClient Admin => host.Client;

    [Fact]
    public async Task An_admin_creates_lists_and_revokes_a_users_key_and_the_key_is_shown_only_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateUserAsync("gina", ct);

        var created = await Admin.PostAsJsonAsync("/api/users/gina/keys", new { scopes = new[] { "read" } }, ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var key = body["key"]!.GetValue<string>();
        var prefix = body["prefix"]!.GetValue<string>();
        Assert.StartsWith(prefix + "_", key, StringComparison.Ordinal);
        Assert.Equal(["read"], body["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        using var gina = host.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await gina.GetAsync("/api/articles", ct)).StatusCode);

        var listed = await Admin.GetStringAsync("/api/users/gina/keys", ct);
        var listedKey = Assert.Single(JsonNode.Parse(listed)!.AsArray())!;
        Assert.Equal(prefix, listedKey["prefix"]!.GetValue<string>());
        Assert.DoesNotContain(key[14..], listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"key\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain((await Keys.GetAsync(prefix, ct))!.SecretHash, listed, StringComparison.Ordinal);
        foreach (var field in new[] { "createdAt", "expiresAt", "lastUsedAt", "revokedAt" })
        {
            Assert.True(listedKey.AsObject().ContainsKey(field), field);
        }

        var revoked = await Admin.DeleteAsync($"/api/keys/{prefix}", ct);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotNull((await revoked.Content.ReadFromJsonAsync<JsonObject>(ct))!["revokedAt"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gina.GetAsync("/api/articles", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync("/api/keys/bw_0000000000", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/users/nobody/keys", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PostAsJsonAsync("/api/users/nobody/keys", new { }, ct)).StatusCode);
    }

    [Fact]
    public async Task A_subscriber_creates_lists_and_revokes_their_own_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        using var hank = await host.ClientForAsync("hank");
        var expires = DateTimeOffset.UtcNow.AddDays(30);

        var created = await hank.PostAsJsonAsync("/api/me/keys", new { scopes = new[] { "subscriptions" }, expiresAt = expires }, ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var prefix = body["prefix"]!.GetValue<string>();
        Assert.Equal("hank", body["ownerId"]!.GetValue<string>());
        var stored = (await Keys.GetAsync(prefix, ct))!;
        Assert.Equal(ApiKeyScopes.Subscriptions, stored.Scopes);
        Assert.Equal(expires.ToUnixTimeMilliseconds(), stored.ExpiresAt!.Value.ToUnixTimeMilliseconds());
        using var newKey = host.ClientWithKey(body["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await newKey.GetAsync("/api/subscriptions", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await newKey.GetAsync("/api/articles", ct)).StatusCode);

        var mine = (await hank.GetFromJsonAsync<JsonArray>("/api/me/keys", ct))!;
        Assert.Equal(2, mine.Count);
        Assert.All(mine, k => Assert.Equal("hank", k!["ownerId"]!.GetValue<string>()));
        Assert.All(mine, k => Assert.False(k!.AsObject().ContainsKey("key")));

        Assert.Equal(HttpStatusCode.OK, (await hank.DeleteAsync($"/api/me/keys/{prefix}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await newKey.GetAsync("/api/subscriptions", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hank.GetAsync("/api/subscriptions", ct)).StatusCode);
    }

    [Fact]
    public async Task A_subscriber_cannot_see_or_revoke_another_owners_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ivan = await host.ClientForAsync("ivan");
        var judyKey = await host.CreateKeyAsync("judy");
        var judyPrefix = judyKey[..13];

        var mine = await ivan.GetStringAsync("/api/me/keys", ct);
        var revoke = await ivan.DeleteAsync($"/api/me/keys/{judyPrefix}", ct);

        Assert.DoesNotContain(judyPrefix, mine, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ivan.DeleteAsync($"/api/keys/{judyPrefix}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ivan.GetAsync("/api/users/judy/keys", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ivan.PostAsJsonAsync("/api/users/judy/keys", new { }, ct)).StatusCode);
        Assert.Null((await Keys.GetAsync(judyPrefix, ct))!.RevokedAt);
        using var judy = host.ClientWithKey(judyKey);
        Assert.Equal(HttpStatusCode.OK, (await judy.GetAsync("/api/subscriptions", ct)).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_makes_only_read_only_keys_and_only_admins_get_the_admin_scope()
    {
        var ct = TestContext.Current.CancellationToken;
        using var readOnly = await host.ClientForAsync("kate", scopes: ApiKeyScopes.Read);
        using var subscriber = await host.ClientForAsync("kate");

        var escalated = await readOnly.PostAsJsonAsync("/api/me/keys", new { scopes = new[] { "read", "subscriptions" } }, ct);
        var admin = await subscriber.PostAsJsonAsync("/api/me/keys", new { scopes = new[] { "admin" } }, ct);
        var byDefault = await readOnly.PostAsJsonAsync("/api/me/keys", new { }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, escalated.StatusCode);
        Assert.Equal("application/problem+json", escalated.Content.Headers.ContentType!.MediaType);
        Assert.Contains("subscriptions", (await escalated.Content.ReadFromJsonAsync<JsonObject>(ct))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byDefault.StatusCode);
        Assert.Equal(["read"], (await byDefault.Content.ReadFromJsonAsync<JsonObject>(ct))!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));

        // An admin may hold the admin scope, yet cannot give it to a subscriber.
        var forSubscriber = await Admin.PostAsJsonAsync("/api/users/kate/keys", new { scopes = new[] { "admin" } }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, forSubscriber.StatusCode);
        Assert.NotNull((await forSubscriber.Content.ReadFromJsonAsync<JsonObject>(ct))!["errors"]!["scopes"]);
        Assert.All(await Keys.ListAsync("kate", ct), k => Assert.False(k.Scopes.HasFlag(ApiKeyScopes.Admin)));
        Assert.Equal(3, (await Keys.ListAsync("kate", ct)).Count);
    }

    [Theory]
    [InlineData("""{"scopes":["write"]}""", "scopes")]
    [InlineData("""{"scopes":[]}""", "scopes")]
    [InlineData("""{"expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"expiresAt":"soon"}""", "expiresAt")]
    public async Task Bad_key_input_is_a_problem_naming_the_field(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var owner = "leo-" + Guid.NewGuid().ToString("N")[..8];
        using var client = await host.ClientForAsync(owner);

        var response = await client.PostAsync("/api/me/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["errors"]![field]);
        Assert.Single(await Keys.ListAsync(owner, ct));
    }

    [Fact]
    public async Task A_revoked_key_fails_at_once_and_ends_the_session_it_opened()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await host.CreateKeyAsync("mia");
        using var bearer = host.ClientWithKey(key);
        using var session = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await session.PostAsJsonAsync("/api/session", new { apiKey = key }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/subscriptions", ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await bearer.DeleteAsync($"/api/me/keys/{key[..13]}", ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/subscriptions", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/subscriptions", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.PostAsJsonAsync("/api/session", new { apiKey = key }, ct)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_users_keys_stop_working_and_work_again_when_enabled()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await host.CreateKeyAsync("nina");
        using var nina = host.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await nina.GetAsync("/api/me/keys", ct)).StatusCode);

        var disabled = await Admin.PutAsJsonAsync("/api/users/nina", new { displayName = "Nina", disabled = true }, ct);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nina.GetAsync("/api/me/keys", ct)).StatusCode);
        var newKey = await Admin.PostAsJsonAsync("/api/users/nina/keys", new { }, ct);
        Assert.Equal(HttpStatusCode.Conflict, newKey.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/api/users/nina", new { displayName = "Nina", disabled = false }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nina.GetAsync("/api/me/keys", ct)).StatusCode);
    }

    [Fact]
    public async Task Own_keys_need_a_signed_in_caller()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/api/me/keys", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.PostAsJsonAsync("/api/me/keys", new { }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.DeleteAsync("/api/me/keys/bw_0000000000", ct)).StatusCode);
    }

    private IApiKeyStore Keys => host.Services.GetRequiredService<IApiKeyStore>();

    private async Task CreateUserAsync(string ownerId, CancellationToken ct) =>
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/users", new { ownerId, displayName = ownerId }, ct)).StatusCode);
}
