using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Storage.Subscriptions;

internal static class FeedTokens
{
    /// <summary>
    /// True when the stored token is the one asked for, compared in constant time. The row was found by the token's hash,
    /// so this only guards against a hash collision; it costs nothing and keeps the check independent of the index.
    /// </summary>
    public static bool Match(string? stored, string given) =>
        stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(given));
}
