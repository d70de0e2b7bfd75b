using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using Microsoft.Data.Sqlite;

namespace BriWatch.Api.Tests;

/// <summary>Webhook signing secrets are write-only: shown in the answer that made them, a hint ever after.</summary>
public sealed class WebhookSecretTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ISubscriptionStore Store => host.Services.GetRequiredService<ISubscriptionStore>();

    [Fact]
    public async Task Rotation_answers_a_new_secret_once_and_keeps_the_old_one_for_a_day()
    {
        var client = await host.ClientForAsync("rotator");
        var (id, old) = await CreateAsync(client, "rotator");
        var before = DateTimeOffset.UtcNow;

        var response = await client.PostAsync($"/api/subscriptions/{id}/webhook-secret", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotation = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var secret = rotation["secret"]!.GetValue<string>();
        Assert.True(WebhookChannel.IsValidSecret(secret));
        Assert.NotEqual(old, secret);
        Assert.Equal("whsec_…" + secret[^4..], rotation["secretHint"]!.GetValue<string>());
        var expires = rotation["previousSecretExpiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expires, before.AddHours(24).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(24).AddSeconds(1));

        var read = (await client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", Ct))!["webhook"]!.AsObject();
        Assert.False(read.ContainsKey("secret"));
        Assert.Equal("whsec_…" + secret[^4..], read["secretHint"]!.GetValue<string>());
        Assert.Equal(expires, read["previousSecretExpiresAt"]!.GetValue<DateTimeOffset>());
        var stored = (await Store.GetAsync(id, Ct))!.Webhook!;
        Assert.Equal((secret, old), (stored.Secret, stored.PreviousSecret));
    }

    [Fact]
    public async Task Rotating_another_owners_secret_is_a_404_and_anonymous_a_401_and_neither_changes_it()
    {
        var alice = await host.ClientForAsync("alice-secrets");
        var bob = await host.ClientForAsync("bob-secrets");
        var (id, secret) = await CreateAsync(alice, "alice-secrets");

        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/subscriptions/{id}/webhook-secret", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.PostAsync($"/api/subscriptions/{id}/webhook-secret", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsync("/api/subscriptions/sub_nothing/webhook-secret", null, Ct)).StatusCode);

        var stored = (await Store.GetAsync(id, Ct))!.Webhook!;
        Assert.Equal((secret, null), (stored.Secret, stored.PreviousSecret));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync($"/api/subscriptions/{id}/webhook-secret", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Rotating_a_subscription_without_a_webhook_is_a_409()
    {
        var created = await host.Client.PostAsJsonAsync(
            "/api/subscriptions", new { owner = "mail-only", name = "Mail", email = new { address = "m@example.org" } }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();

        var response = await host.Client.PostAsync($"/api/subscriptions/{id}/webhook-secret", null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("no webhook", (await response.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_that_adds_a_webhook_shows_its_generated_secret_once_and_one_that_keeps_it_does_not()
    {
        var created = await host.Client.PostAsJsonAsync(
            "/api/subscriptions", new { owner = "adder", name = "Mail", email = new { address = "a@example.org" } }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
        var body = new { owner = "adder", name = "Mail and hook", email = new { address = "a@example.org" }, webhook = new { url = "https://hooks.example.org/adder" } };

        var added = (await (await host.Client.PutAsJsonAsync($"/api/subscriptions/{id}", body, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var kept = (await (await host.Client.PutAsJsonAsync($"/api/subscriptions/{id}", body, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        var secret = added["webhook"]!["secret"]!.GetValue<string>();
        Assert.Equal(secret, (await Store.GetAsync(id, Ct))!.Webhook!.Secret);
        Assert.False(kept["webhook"]!.AsObject().ContainsKey("secret"));
        Assert.Equal("whsec_…" + secret[^4..], kept["webhook"]!["secretHint"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_list_read_update_preview_feed_delivery_or_audit_answer_contains_a_webhook_secret()
    {
        var client = await host.ClientForAsync("leaky");
        var (generatedId, generated) = await CreateAsync(client, "leaky");
        var chosen = WebhookChannel.GenerateSecret();
        var (chosenId, _) = await CreateAsync(client, "leaky", chosen);
        var rotated = (await (await client.PostAsync($"/api/subscriptions/{chosenId}/webhook-secret", null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!["secret"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow;
        Assert.True(await host.Services.GetRequiredService<IDeliveryStore>().TryCreateAsync(
            new Delivery
            {
                Id = "dlv_leaky", SubscriptionId = chosenId, StoryId = "story-leaky", ArticleId = "article-leaky", Channel = "webhook",
                Target = "https://hooks.example.org/leaky", Payload = "{}", CreatedAt = now, NextAttemptAt = now.AddHours(1),
            },
            Ct));
        var feedUrl = (await client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{generatedId}", Ct))!["feedUrl"]!.GetValue<string>();

        var answers = new List<(string What, string Body)>();
        async Task CollectAsync(string what, Task<HttpResponseMessage> request)
        {
            using var response = await request;
            Assert.True(response.IsSuccessStatusCode, $"{what}: {response.StatusCode}");
            answers.Add((what, await response.Content.ReadAsStringAsync(Ct)));
        }

        foreach (var caller in new[] { client, host.Client })
        {
            await CollectAsync("list", caller.GetAsync("/api/subscriptions", Ct));
            await CollectAsync("list of owner", caller.GetAsync("/api/subscriptions?owner=leaky", Ct));
            foreach (var id in new[] { generatedId, chosenId })
            {
                await CollectAsync("read " + id, caller.GetAsync($"/api/subscriptions/{id}", Ct));
                await CollectAsync("preview " + id, caller.PostAsync($"/api/subscriptions/{id}/preview", null, Ct));
            }

            await CollectAsync("deliveries", caller.GetAsync($"/api/deliveries?subscription={chosenId}", Ct));
            await CollectAsync("delivery", caller.GetAsync("/api/deliveries/dlv_leaky", Ct));
        }

        await CollectAsync("update", client.PutAsJsonAsync(
            $"/api/subscriptions/{generatedId}", new { owner = "leaky", name = "Renamed", webhook = new { url = "https://hooks.example.org/leaky" } }, Ct));
        await CollectAsync("feed token", client.PostAsync($"/api/subscriptions/{chosenId}/feed-token", null, Ct));
        await CollectAsync("feed", host.Anonymous.GetAsync(feedUrl, Ct));
        await CollectAsync("audit", host.Client.GetAsync($"/api/audit?targetType=subscription&targetId={chosenId}", Ct));
        Assert.Contains("subscription.webhook_secret_rotated", answers[^1].Body, StringComparison.Ordinal);

        foreach (var secret in new[] { generated, chosen, rotated })
        {
            foreach (var (what, body) in answers)
            {
                Assert.False(body.Contains(secret["whsec_".Length..], StringComparison.Ordinal), $"the {what} answer contains a webhook secret: {body}");
            }
        }
    }

    [Fact]
    public async Task Secrets_are_encrypted_in_the_database_with_the_key_ring_in_the_configured_folder()
    {
        var (id, secret) = await CreateAsync(host.Client, "at-rest");

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.Directory, "api.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT webhook FROM subscriptions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        var stored = (string)(await command.ExecuteScalarAsync(Ct))!;

        Assert.DoesNotContain(secret["whsec_".Length..], stored, StringComparison.Ordinal);
        Assert.Contains("\"secret\":\"dp1:", stored, StringComparison.Ordinal);
        Assert.NotEmpty(System.IO.Directory.GetFiles(Path.Combine(host.Directory, "keys"), "key-*.xml"));
    }

    private static async Task<(string Id, string Secret)> CreateAsync(HttpClient client, string owner, string? secret = null)
    {
        var response = await client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner, name = "Hooked", webhook = new { url = $"https://hooks.example.org/{owner}", secret } },
            Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var shown = created["webhook"]!["secret"]!.GetValue<string>();
        Assert.Equal(secret ?? shown, shown);
        return (created["id"]!.GetValue<string>(), shown);
    }
}
