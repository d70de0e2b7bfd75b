using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Alerting.Alerts;

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

    /// <summary>
    /// The story id of an endpoint's test event: <c>endpoint-test:</c> + a hash of the URL, so each (subscription, URL)
    /// gets one test delivery, created once by the store's unique key, and a changed URL gets its own.
    /// </summary>
    public static string EndpointTestStory(string url) =>
        "endpoint-test:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)).AsSpan(0, 8));
}
