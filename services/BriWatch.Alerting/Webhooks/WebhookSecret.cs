using System.Security.Cryptography;

namespace BriWatch.Alerting.Webhooks;

/// <summary>Standard Webhooks endpoint secrets: <c>whsec_</c> followed by base64 of random bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>The shortest key accepted, matching <c>WebhookChannel.IsValidSecret</c> so every stored secret can sign.</summary>
    public const int MinBytes = 16;

    public const int GeneratedBytes = 24;

    /// <summary>A new secret of 24 random bytes, as the Standard Webhooks spec suggests.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedBytes));

    /// <summary>Null when <paramref name="secret"/> is usable, else why not (for a 400 answer).</summary>
    public static string? Validate(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "The webhook secret is empty; use whsec_ followed by base64 of at least 16 random bytes.";
        }

        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return $"The webhook secret must start with '{Prefix}'.";
        }

        var encoded = secret.AsSpan(Prefix.Length);
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var length))
        {
            return $"The webhook secret after '{Prefix}' is not valid base64.";
        }

        return length < MinBytes
            ? $"The webhook secret decodes to {length} bytes; it must be at least {MinBytes}."
            : null;
    }

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
