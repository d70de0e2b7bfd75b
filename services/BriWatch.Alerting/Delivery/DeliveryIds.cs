using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Alerting.Delivery;

/// <summary>Delivery ids derived from the natural key, so a redelivered message maps to the same delivery.</summary>
public static class DeliveryIds
{
    public static string For(string subscriptionId, string storyId, string channel)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{subscriptionId}\n{storyId}\n{channel}"));
        return "dlv_" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
