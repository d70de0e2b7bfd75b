using System.Security.Cryptography;
using System.Text;
using BriWatch.Alerting.Alerts;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BriWatch.Alerting.Channels.Email;

/// <summary>
/// Signs and checks unsubscribe tokens: base64url(<c>v1\n{subscription id}\n{channel}</c>) + "." + base64url(HMAC-SHA256).
/// The token carries no expiry, since RFC 8058 expects a link in an old email to keep working.
/// </summary>
public sealed class UnsubscribeTokens
{
    private const string Version = "v1";

    private readonly byte[] key;

    public UnsubscribeTokens(IOptions<AlertingOptions> options, ILogger<UnsubscribeTokens> logger)
    {
        var configured = options.Value.UnsubscribeSigningKey;
        if (string.IsNullOrEmpty(configured))
        {
            // Only possible with email off (the options require a key once Smtp:Host is set): no link is ever signed,
            // so a random key verifies nothing anyone holds.
            key = RandomNumberGenerator.GetBytes(32);
            logger.LogDebug("{Option} is not set and email is off; unsubscribe tokens would be signed with a random key", $"{AlertingOptions.Section}:UnsubscribeSigningKey");
        }
        else
        {
            key = Encoding.UTF8.GetBytes(configured);
        }
    }

    public string Create(string subscriptionId, string channel)
    {
        var payload = Encoding.UTF8.GetBytes($"{Version}\n{subscriptionId}\n{channel}");
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, payload));
    }

    /// <summary>The subscription and channel a genuine token names; false for a malformed, forged or altered one.</summary>
    public bool TryRead(string? token, out string subscriptionId, out string channel)
    {
        subscriptionId = channel = "";
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 2 || !TryDecode(parts[0], out var payload) || !TryDecode(parts[1], out var mac))
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(key, payload)))
        {
            return false;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 3 || fields[0] != Version || fields[1].Length == 0 || fields[2].Length == 0)
        {
            return false;
        }

        (subscriptionId, channel) = (fields[1], fields[2]);
        return true;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = WebEncoders.Base64UrlDecode(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
