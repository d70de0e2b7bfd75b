using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;

namespace BriWatch.Alerting.Alerts;

/// <summary>
/// Ids of digests and their deliveries, derived from (subscription, due time) and the set of items the digest carries:
/// re-assembling the same items after a crash creates nothing new, while items held for the same due time after its
/// digest was assembled make a second, smaller digest of their own instead of colliding with the first's ids.
/// </summary>
public static class DigestIds
{
    /// <summary>
    /// Digest deliveries carry <c>digest:</c> + the due time as their story id: deliveries are unique per (subscription,
    /// story id, channel, revision), and this keeps a digest's ids apart from any article alert's. Readers go by
    /// <see cref="DeliveryKind"/>, never by this prefix.
    /// </summary>
    private const string StoryPrefix = "digest:";

    public static string StoryKey(DateTimeOffset dueAt) =>
        StoryPrefix + dueAt.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A short hash of the item keys, in sorted order so listing order does not matter. Digest deliveries carry it as
    /// their revision, since deliveries are unique per (subscription, story id, channel, revision) and two digests of
    /// one due time share the story id.
    /// </summary>
    public static string ItemSet(IEnumerable<DigestItemKey> items) =>
        "items_" + Hash(string.Join('\n', items.Select(k => k.StoryId + "\t" + k.Revision).Order(StringComparer.Ordinal)), bytes: 8);

    public static string For(DueDigest digest, string itemSet) => "dgs_" + Hash($"{digest.SubscriptionId}\n{StoryKey(digest.DueAt)}\n{itemSet}");

    public static string DeliveryId(DueDigest digest, string channel, string itemSet) =>
        "dlv_" + Hash($"{digest.SubscriptionId}\n{StoryKey(digest.DueAt)}\n{channel}\n{itemSet}");

    private static string Hash(string key, int bytes = 12) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, bytes));
}
