using System.Globalization;
using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BriWatch.Alerting.Tests;

/// <summary>A rotated secret keeps signing next to the new one for its overlap, then stops; secrets are encrypted at rest.</summary>
public sealed class WebhookSecretRotationTests
{
    private static readonly DateTimeOffset Rotated = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OverlapEnds = Rotated.AddHours(24);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void During_the_overlap_both_secrets_sign_and_each_verifies_alone()
    {
        var (old, current) = (TestData.NewSecret(), TestData.NewSecret());
        var webhook = new WebhookChannel("https://hooks.example.org/a", current) { PreviousSecret = old, PreviousSecretExpiresAt = OverlapEnds };
        var now = OverlapEnds.AddSeconds(-1);

        var header = WebhookSignature.Sign(webhook.SigningSecrets(now), "dlv_1", now.ToUnixTimeSeconds(), "{}");

        Assert.Equal(2, header.Split(' ').Length);
        Assert.StartsWith(WebhookSignature.Sign(current, "dlv_1", now.ToUnixTimeSeconds(), "{}") + " v1,", header, StringComparison.Ordinal);
        Assert.Null(WebhookSignature.Verify(current, "dlv_1", Seconds(now), "{}", header, now, WebhookSignature.DefaultTolerance));
        Assert.Null(WebhookSignature.Verify(old, "dlv_1", Seconds(now), "{}", header, now, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Once_the_overlap_ends_only_the_new_secret_signs()
    {
        var (old, current) = (TestData.NewSecret(), TestData.NewSecret());
        var webhook = new WebhookChannel("https://hooks.example.org/a", current) { PreviousSecret = old, PreviousSecretExpiresAt = OverlapEnds };

        var header = WebhookSignature.Sign(webhook.SigningSecrets(OverlapEnds), "dlv_1", OverlapEnds.ToUnixTimeSeconds(), "{}");

        Assert.Single(header.Split(' '));
        Assert.Null(WebhookSignature.Verify(current, "dlv_1", Seconds(OverlapEnds), "{}", header, OverlapEnds, WebhookSignature.DefaultTolerance));
        Assert.NotNull(WebhookSignature.Verify(old, "dlv_1", Seconds(OverlapEnds), "{}", header, OverlapEnds, WebhookSignature.DefaultTolerance));
        Assert.Equal([current], new WebhookChannel("https://hooks.example.org/a", current).SigningSecrets(Rotated));
    }

    [Fact]
    public async Task A_receiver_on_the_old_secret_verifies_alerts_until_the_overlap_ends_and_one_on_the_new_secret_throughout()
    {
        var old = TestData.NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(old);
        await using var host = await AlertingTestHost.StartAsync(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Rotated));
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, old), Ct);
        var current = TestData.NewSecret();
        Assert.NotNull(await host.Subscriptions.RotateWebhookSecretAsync("sub-1", current, OverlapEnds, Ct));

        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-1", articleId: "art-1"));
        Assert.Equal(1, await host.DispatchAsync());
        var during = await receiver.NextAsync();

        host.Time.Advance(TimeSpan.FromHours(24));
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-2", articleId: "art-2"));
        Assert.Equal(1, await host.DispatchAsync());
        var after = await receiver.NextAsync();

        Assert.True(during.SignatureValid, "the receiver still on the old secret verifies an alert sent during the overlap");
        Assert.True(IndependentSignature.IsValid(current, during.Id!, during.Timestamp!, during.Body, during.Signature!));
        Assert.Equal(2, during.Signature!.Split(' ').Length);
        Assert.False(after.SignatureValid, "the old secret no longer verifies once the overlap has ended");
        Assert.True(IndependentSignature.IsValid(current, after.Id!, after.Timestamp!, after.Body, after.Signature!));
        Assert.Single(after.Signature!.Split(' '));
    }

    [Fact]
    public async Task A_secret_stored_in_clear_by_an_older_version_still_signs_and_is_encrypted_at_start_up()
    {
        var secret = TestData.NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, secret), Ct);
        await WriteWebhookAsync(host, $$"""{"url":"{{receiver.Url}}","secret":"{{secret}}","format":"standard","disabled":false}""");

        await host.PublishAndConsumeAsync(TestData.Article());
        Assert.Equal(1, await host.DispatchAsync());
        Assert.True((await receiver.NextAsync()).SignatureValid, "the clear secret still signs");

        // What every alerting (and API) process does when it starts.
        await host.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "StoredSecretsEncryption").StartAsync(Ct);

        var stored = await ReadWebhookAsync(host);
        Assert.DoesNotContain(secret["whsec_".Length..], stored, StringComparison.Ordinal);
        Assert.Contains($"\"secret\":\"{WebhookSecretProtector.Marker}", stored, StringComparison.Ordinal);
        Assert.Equal(secret, (await host.Subscriptions.GetAsync("sub-1", Ct))!.Webhook!.Secret);
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-2", articleId: "art-2"));
        Assert.Equal(1, await host.DispatchAsync());
        Assert.True((await receiver.NextAsync()).SignatureValid, "the encrypted secret signs the same");
    }

    [Fact]
    public async Task A_secret_the_key_ring_cannot_decrypt_fails_its_delivery_saying_why_and_other_subscriptions_still_alert()
    {
        var secret = TestData.NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, TestData.NewSecret()), Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-2", receiver.Url, secret), Ct);
        await WriteWebhookAsync(host, $$"""{"url":"{{receiver.Url}}","secret":"{{WebhookSecretProtector.Marker}}CfDJ8-from-a-lost-key-ring","format":"standard","disabled":false}""");

        await host.PublishAndConsumeAsync(TestData.Article());
        await host.DispatchAsync();

        var lost = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryState.Failed, lost.State);
        Assert.Contains("cannot be decrypted", lost.LastError, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Delivered, (await host.SingleDeliveryAsync("sub-2")).State);
        Assert.True(Assert.Single(receiver.Received).SignatureValid);
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Rewrites sub-1's webhook column behind the store's back.</summary>
    private static async Task WriteWebhookAsync(AlertingTestHost host, string json)
    {
        await using var connection = await OpenAsync(host);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE subscriptions SET webhook = $webhook WHERE id = 'sub-1';";
        command.Parameters.AddWithValue("$webhook", json);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    private static async Task<SqliteConnection> OpenAsync(AlertingTestHost host)
    {
        var connection = new SqliteConnection($"Data Source={host.Settings["Storage:Sqlite:Path"]}");
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task<string> ReadWebhookAsync(AlertingTestHost host)
    {
        await using var connection = await OpenAsync(host);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT webhook FROM subscriptions WHERE id = 'sub-1';";
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
