using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Alerting.Delivery;

/// <summary>Delivery ids derived from the natural key, so a redelivered message maps to the same delivery.</summary>
public static class DeliveryIds
{
    /// <param name="revision">Empty for a story's first alert, which keeps the ids deliveries had before developments existed.</param>
    public static string For(string subscriptionId, string storyId, string channel, string revision = "")
    {
        var key = revision.Length == 0 ? $"{subscriptionId}\n{storyId}\n{channel}" : $"{subscriptionId}\n{storyId}\n{channel}\n{revision}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return "dlv_" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
