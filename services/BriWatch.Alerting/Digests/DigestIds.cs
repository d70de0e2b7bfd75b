using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BriWatch.Storage.Digests;

namespace BriWatch.Alerting.Digests;

/// <summary>Ids of digests and their deliveries, derived from (subscription, due time), so re-assembling a digest after a crash creates nothing new.</summary>
public static class DigestIds
{
    /// <summary>Digest deliveries carry <c>digest:</c> + the due time as their story id, which keeps them apart from article alerts.</summary>
    public const string StoryPrefix = "digest:";

    /// <summary>The pseudo article id digest deliveries carry.</summary>
    public const string ArticleId = "digest";

    public static string StoryKey(DateTimeOffset dueAt) =>
        StoryPrefix + dueAt.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);

    public static string For(DueDigest digest) => "dgs_" + Hash($"{digest.SubscriptionId}\n{StoryKey(digest.DueAt)}");

    public static string DeliveryId(DueDigest digest, string channel) => "dlv_" + Hash($"{digest.SubscriptionId}\n{StoryKey(digest.DueAt)}\n{channel}");

    public static bool IsDigest(Storage.Deliveries.Delivery delivery) => delivery.StoryId.StartsWith(StoryPrefix, StringComparison.Ordinal);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12));
}
