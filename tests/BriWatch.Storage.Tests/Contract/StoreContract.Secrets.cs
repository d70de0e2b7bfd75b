using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Tests.Support;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    private const string OldSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string NewSecret = "whsec_bmV3LXNlY3JldC0yNC1ieXRlcy1sb25n";

    [Fact]
    public async Task Webhook_secrets_are_stored_encrypted_and_read_back_in_clear()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1") with { Webhook = new WebhookChannel("https://hooks.example.org/s1", OldSecret) }, Ct);

        var (stored, previous) = await StoredWebhookSecretsAsync("s1");

        Assert.StartsWith(WebhookSecretProtector.Marker, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(OldSecret["whsec_".Length..], stored, StringComparison.Ordinal);
        Assert.Null(previous);
        Assert.Equal(OldSecret, (await Stores.Subscriptions.GetAsync("s1", Ct))!.Webhook!.Secret);
        Assert.Equal(OldSecret, (await Stores.Subscriptions.ListAsync(null, Ct)).Single().Webhook!.Secret);
        Assert.Equal(OldSecret, (await Stores.Subscriptions.ListEnabledAsync(Ct)).Single().Webhook!.Secret);
    }

    [Fact]
    public async Task Rotation_keeps_the_old_secret_as_the_previous_one_until_its_expiry_and_moves_nothing_else()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1") with { Webhook = new WebhookChannel("https://hooks.example.org/s1", OldSecret, "slack") }, Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        var until = T0.AddDays(1);

        var rotated = await Stores.Subscriptions.RotateWebhookSecretAsync("s1", NewSecret, until, Ct);

        var expected = new WebhookChannel("https://hooks.example.org/s1", NewSecret, "slack") { PreviousSecret = OldSecret, PreviousSecretExpiresAt = until };
        Assert.Equal(expected, rotated);
        var read = await Stores.Subscriptions.GetAsync("s1", Ct);
        Assert.Equal(expected, read!.Webhook);
        Assert.Equal(T0.AddMinutes(1), read.UpdatedAt);
        Assert.Equal("Subscription s1", read.Name);
        var (stored, previous) = await StoredWebhookSecretsAsync("s1");
        Assert.StartsWith(WebhookSecretProtector.Marker, stored, StringComparison.Ordinal);
        Assert.StartsWith(WebhookSecretProtector.Marker, previous, StringComparison.Ordinal);
        Assert.Equal([NewSecret, OldSecret], read.Webhook!.SigningSecrets(until.AddTicks(-1)));
        Assert.Equal([NewSecret], read.Webhook.SigningSecrets(until));
    }

    [Fact]
    public async Task A_second_rotation_makes_the_first_rotations_secret_the_previous_one()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1") with { Webhook = new WebhookChannel("https://hooks.example.org/s1", OldSecret) }, Ct);
        await Stores.Subscriptions.RotateWebhookSecretAsync("s1", NewSecret, T0.AddHours(1), Ct);
        var third = WebhookChannel.GenerateSecret();

        var rotated = await Stores.Subscriptions.RotateWebhookSecretAsync("s1", third, T0.AddHours(2), Ct);

        Assert.Equal((third, NewSecret, T0.AddHours(2)), (rotated!.Secret, rotated.PreviousSecret, rotated.PreviousSecretExpiresAt));
    }

    [Fact]
    public async Task Rotation_of_an_absent_subscription_or_one_without_a_webhook_is_null()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("mail") with { Webhook = null }, Ct);

        Assert.Null(await Stores.Subscriptions.RotateWebhookSecretAsync("ghost", NewSecret, T0.AddDays(1), Ct));
        Assert.Null(await Stores.Subscriptions.RotateWebhookSecretAsync("mail", NewSecret, T0.AddDays(1), Ct));
        Assert.Null((await Stores.Subscriptions.GetAsync("mail", Ct))!.Webhook);
    }

    [Fact]
    public async Task An_update_stores_the_previous_secret_it_is_given_encrypted()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);
        var webhook = new WebhookChannel("https://hooks.example.org/s1", NewSecret) { PreviousSecret = OldSecret, PreviousSecretExpiresAt = T0.AddDays(1) };

        await Stores.Subscriptions.UpdateAsync(Subscription("s1") with { Webhook = webhook }, Ct);

        Assert.Equal(webhook, (await Stores.Subscriptions.GetAsync("s1", Ct))!.Webhook);
        Assert.StartsWith(WebhookSecretProtector.Marker, (await StoredWebhookSecretsAsync("s1")).Previous, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_stored_in_clear_by_an_older_version_still_reads_and_is_encrypted_by_securing_stored_secrets()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("old"), Ct);
        await Stores.Subscriptions.CreateAsync(Subscription("new"), Ct);
        await StoreAsBeforeEncryptionAsync("old", OldSecret);
        Assert.Equal(OldSecret, (await StoredWebhookSecretsAsync("old")).Secret);
        Assert.Equal(OldSecret, (await Stores.Subscriptions.GetAsync("old", Ct))!.Webhook!.Secret);

        Assert.Equal(2, await Stores.Subscriptions.SecureStoredSecretsAsync(Ct));

        Assert.StartsWith(WebhookSecretProtector.Marker, (await StoredWebhookSecretsAsync("old")).Secret, StringComparison.Ordinal);
        var read = await Stores.Subscriptions.GetAsync("old", Ct);
        Assert.Equal(OldSecret, read!.Webhook!.Secret);
        Assert.Equal(T0, read.UpdatedAt);
        Assert.Equal("old", (await Stores.Subscriptions.GetByFeedTokenAsync("feed-token-old", Ct))?.Id);
        Assert.Equal(0, await Stores.Subscriptions.SecureStoredSecretsAsync(Ct));
    }

    [Fact]
    public async Task Rotating_a_secret_stored_in_clear_encrypts_both()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("old"), Ct);
        await StoreAsBeforeEncryptionAsync("old", OldSecret);

        await Stores.Subscriptions.RotateWebhookSecretAsync("old", NewSecret, T0.AddDays(1), Ct);

        var (stored, previous) = await StoredWebhookSecretsAsync("old");
        Assert.StartsWith(WebhookSecretProtector.Marker, stored, StringComparison.Ordinal);
        Assert.StartsWith(WebhookSecretProtector.Marker, previous, StringComparison.Ordinal);
        Assert.Equal(OldSecret, (await Stores.Subscriptions.GetAsync("old", Ct))!.Webhook!.PreviousSecret);
    }

    [Fact]
    public async Task Feed_lookup_needs_the_whole_token()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);

        Assert.Equal("s1", (await Stores.Subscriptions.GetByFeedTokenAsync("feed-token-s1", Ct))?.Id);
        Assert.Null(await Stores.Subscriptions.GetByFeedTokenAsync("feed-token-s", Ct));
        Assert.Null(await Stores.Subscriptions.GetByFeedTokenAsync("feed-token-s1x", Ct));
        var token = await Stores.Subscriptions.RegenerateFeedTokenAsync("s1", Ct);
        Assert.Null(await Stores.Subscriptions.GetByFeedTokenAsync("feed-token-s1", Ct));
        Assert.Equal("s1", (await Stores.Subscriptions.GetByFeedTokenAsync(token!, Ct))?.Id);
    }
}
