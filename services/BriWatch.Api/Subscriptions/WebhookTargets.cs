using System.Net;
using BriWatch.ServiceDefaults.Networking;

namespace BriWatch.Api.Subscriptions;

/// <summary>
/// Refuses webhook URLs that name a non-public IP address literally (<c>http://169.254.169.254/...</c>) when they are
/// submitted, rather than letting them fail at every dispatch. Names that resolve to such addresses are still caught at
/// dispatch by <see cref="PublicNetworkGuard"/>, whose classification this reuses: DNS can change after validation.
/// </summary>
internal static class WebhookTargets
{
    /// <summary>
    /// The same setting alerting dispatch honours, so the API accepts exactly the targets dispatch will call; the
    /// all-in-one host shares one configuration, and a separate API service is given the same key.
    /// </summary>
    public const string AllowPrivateNetworksSetting = "Alerting:AllowPrivateNetworks";

    public static bool AllowPrivateNetworks(IConfiguration configuration) =>
        configuration.GetValue<bool>(AllowPrivateNetworksSetting);

    /// <summary>The non-public IP address <paramref name="url"/>'s host is written as, or null for a name, a public address or no URL.</summary>
    public static IPAddress? NonPublicAddress(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return null;
        }

        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && !PublicNetworkGuard.IsPublic(address) ? address : null;
    }
}
