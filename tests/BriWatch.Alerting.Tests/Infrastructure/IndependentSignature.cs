using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Alerting.Tests.Infrastructure;

/// <summary>The receiver's own Standard Webhooks check, written from the spec rather than reusing the production code.</summary>
internal static class IndependentSignature
{
    public static bool IsValid(string secret, string id, string timestamp, string body, string header)
    {
        var key = Convert.FromBase64String(secret.Substring("whsec_".Length));
        using var hmac = new HMACSHA256(key);
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body)));
        return header.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }
}
