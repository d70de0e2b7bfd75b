using System.Security.Cryptography;

namespace BriWatch.Crawler.WebSub;

/// <summary>Checks <c>X-Hub-Signature: method=hex</c>, the HMAC of the pushed body under the subscription's secret.</summary>
public static class WebSubSignature
{
    public const string Header = "X-Hub-Signature";

    /// <summary>Null when the signature is valid; otherwise why it is not, for the log.</summary>
    public static string? Check(string? header, string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrWhiteSpace(header))
        {
            return $"no {Header} header although the subscription has a secret";
        }

        var parts = header.Trim().Split('=', 2);
        if (parts.Length != 2)
        {
            return $"{Header} '{header}' is not method=signature";
        }

        var key = System.Text.Encoding.UTF8.GetBytes(secret);
        byte[] expected = parts[0].ToLowerInvariant() switch
        {
#pragma warning disable CA5350 // The WebSub recommendation lets hubs sign with sha1, and many still do.
            "sha1" => HMACSHA1.HashData(key, body),
#pragma warning restore CA5350
            "sha256" => HMACSHA256.HashData(key, body),
            "sha384" => HMACSHA384.HashData(key, body),
            "sha512" => HMACSHA512.HashData(key, body),
            _ => [],
        };
        if (expected.Length == 0)
        {
            return $"{Header} method '{parts[0]}' is not supported (sha1, sha256, sha384, sha512 are)";
        }

        byte[] provided;
        try
        {
            provided = Convert.FromHexString(parts[1].Trim());
        }
        catch (FormatException)
        {
            return $"{Header} signature is not hexadecimal";
        }

        // Constant time, so the comparison does not tell a forger how many leading bytes were right.
        return CryptographicOperations.FixedTimeEquals(expected, provided) ? null : $"{Header} does not match the body ({parts[0]})";
    }
}
