using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Channels.Webhooks;

/// <summary>Standard Webhooks endpoint secrets as alerting uses them; the format rules live on <see cref="WebhookChannel"/>.</summary>
public static class WebhookSecret
{
    public const string Prefix = WebhookChannel.SecretPrefix;

    /// <summary>A new secret of 24 random bytes, as the Standard Webhooks spec suggests.</summary>
    public static string Generate() => WebhookChannel.GenerateSecret();

    /// <summary>Null when <paramref name="secret"/> is usable, else why not (for a 400 answer).</summary>
    public static string? Validate(string? secret) => WebhookChannel.SecretError(secret);

    /// <summary>The HMAC key: the base64-decoded part after the prefix.</summary>
    /// <exception cref="FormatException">The secret is malformed; the message says how.</exception>
    public static byte[] Decode(string secret)
    {
        var error = Validate(secret);
        if (error is not null)
        {
            throw new FormatException(error);
        }

        return Convert.FromBase64String(secret[Prefix.Length..]);
    }
}
