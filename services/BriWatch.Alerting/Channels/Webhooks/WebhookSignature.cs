using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Alerting.Channels.Webhooks;

/// <summary>Signs and verifies Standard Webhooks messages (<c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>).</summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How far a receiver should accept a timestamp from its own clock, against replays.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The <c>webhook-signature</c> header value for one message.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(WebhookSecret.Decode(secret), SignedContent(id, timestamp, body));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>
    /// The header signed with each of <paramref name="secrets"/>, space-separated as the Standard Webhooks spec allows, so
    /// a receiver still on the previous secret during a rotation's overlap verifies the message as well as one on the new.
    /// </summary>
    /// <exception cref="FormatException">A secret is malformed; the message says how.</exception>
    public static string Sign(IReadOnlyList<string> secrets, string id, long timestamp, string body)
    {
        ArgumentOutOfRangeException.ThrowIfZero(secrets.Count);
        return string.Join(' ', secrets.Select(secret => Sign(secret, id, timestamp, body)));
    }

    /// <summary>
    /// Checks a received message as a receiver should: the timestamp within <paramref name="tolerance"/> of
    /// <paramref name="now"/>, and one of the space-separated <c>v1</c> signatures matching in constant time.
    /// </summary>
    /// <returns>Null when valid, else why not.</returns>
    public static string? Verify(string secret, string id, string timestamp, string body, string signatureHeader, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"The {TimestampHeader} header '{timestamp}' is not unix seconds.";
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (sent < now - tolerance || sent > now + tolerance)
        {
            return $"The {TimestampHeader} {sent:O} is more than {tolerance} away from now ({now:O}).";
        }

        var expected = HMACSHA256.HashData(WebhookSecret.Decode(secret), SignedContent(id, seconds, body));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var given = new byte[expected.Length];
            if (Convert.TryFromBase64String(candidate[3..], given, out var length)
                && length == expected.Length
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return null;
            }
        }

        return $"No v1 signature in the {SignatureHeader} header matches.";
    }

    private static byte[] SignedContent(string id, long timestamp, string body) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
}
