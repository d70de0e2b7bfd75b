using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace BriWatch.Storage.Subscriptions;

/// <summary>
/// Webhook signing secrets as the stores keep them: encrypted with ASP.NET Core Data Protection, marked with
/// <see cref="Marker"/>. Rows written before encryption existed hold the secret in clear; they are still read, and
/// <see cref="ISubscriptionStore.SecureStoredSecretsAsync"/> encrypts them.
/// </summary>
/// <remarks>
/// Decryption happens here, inside storage, and the model carries the secret in clear: alerting's signer, the API's
/// create and rotate answers and the demo all need the plain value, and keeping ciphertext out of the model means no
/// caller can forget to decrypt (or sign with ciphertext), and both stores share one rule. What the API shows is a
/// separate matter: its responses carry only <see cref="WebhookChannel.Hint"/> after the first answer.
/// </remarks>
public sealed class WebhookSecretProtector(IDataProtectionProvider provider)
{
    /// <summary>The Data Protection purpose: a key derived for it decrypts nothing else (cookies included), and vice versa.</summary>
    public const string Purpose = "BriWatch.Subscriptions.WebhookSecret.v1";

    /// <summary>Starts every encrypted value; <c>whsec_</c> starts a secret stored in clear by an older version.</summary>
    public const string Marker = "dp1:";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public static bool IsProtected(string? stored) => stored is not null && stored.StartsWith(Marker, StringComparison.Ordinal);

    public string Protect(string secret) => IsProtected(secret) ? secret : Marker + protector.Protect(secret);

    /// <summary>The secret in clear, or null with <paramref name="error"/> saying why it cannot be read.</summary>
    public string? Reveal(string stored, out string? error)
    {
        error = null;
        if (!IsProtected(stored))
        {
            return stored;
        }

        try
        {
            return protector.Unprotect(stored[Marker.Length..]);
        }
        catch (CryptographicException e)
        {
            error = "The webhook signing secret cannot be decrypted: the Data Protection key ring does not hold the key it was "
                + $"encrypted with (was DataProtection:KeyRingPath changed or not shared by every service?). Rotate the secret to fix it. ({e.Message})";
            return null;
        }
    }

    /// <summary>The channel as stored: both secrets encrypted.</summary>
    internal StoredWebhook Seal(WebhookChannel webhook) => new(
        webhook.Url,
        Protect(webhook.Secret),
        webhook.Format,
        webhook.Disabled,
        webhook.PreviousSecret is null ? null : Protect(webhook.PreviousSecret),
        webhook.PreviousSecretExpiresAt?.ToUnixTimeMilliseconds());

    /// <summary>
    /// The channel in clear. A current secret that cannot be decrypted leaves <see cref="WebhookChannel.SecretUnreadable"/>
    /// saying why, so alerting refuses to sign with it rather than failing every subscription's read; an unreadable
    /// previous secret is dropped, since the current one still signs.
    /// </summary>
    internal WebhookChannel Open(StoredWebhook stored)
    {
        var secret = Reveal(stored.Secret, out var error);
        var previous = stored.PreviousSecret is null ? null : Reveal(stored.PreviousSecret, out _);
        return new WebhookChannel(stored.Url, secret ?? "", stored.Format, stored.Disabled)
        {
            PreviousSecret = previous,
            PreviousSecretExpiresAt = previous is null || stored.PreviousSecretExpiresAt is not { } ms ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms),
            SecretUnreadable = error,
        };
    }
}

/// <summary>A webhook channel as stores keep it: secrets encrypted (or in clear from older versions), expiry in unix ms.</summary>
/// <remarks>Rows written before rotation existed lack the previous-secret fields, and older ones the format; they get the defaults.</remarks>
internal sealed record StoredWebhook(
    string Url, string Secret, string Format = "standard", bool Disabled = false, string? PreviousSecret = null, long? PreviousSecretExpiresAt = null)
{
    /// <summary>True when a secret is still in clear, so <see cref="ISubscriptionStore.SecureStoredSecretsAsync"/> has work to do.</summary>
    public bool HasClearSecret => !WebhookSecretProtector.IsProtected(Secret) || (PreviousSecret is not null && !WebhookSecretProtector.IsProtected(PreviousSecret));

    /// <summary>This channel after a rotation to <paramref name="newSecret"/>: the current secret becomes the previous one until <paramref name="previousExpiresAt"/>.</summary>
    public StoredWebhook Rotated(string newSecret, DateTimeOffset previousExpiresAt) =>
        this with { Secret = newSecret, PreviousSecret = Secret, PreviousSecretExpiresAt = previousExpiresAt.ToUnixTimeMilliseconds() };
}
