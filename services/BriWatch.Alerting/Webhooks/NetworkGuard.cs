using System.Net;
using System.Net.Sockets;

namespace BriWatch.Alerting.Webhooks;

/// <summary>
/// Refuses connections to private, loopback, link-local (cloud metadata) and other non-public addresses.
/// It runs as the handler's ConnectCallback, after DNS resolution, so a public name pointing at an internal
/// address (or re-resolving to one) is caught as well as a literal IP.
/// </summary>
public sealed class NetworkGuard(bool allowPrivateNetworks)
{
    public bool AllowPrivateNetworks { get; } = allowPrivateNetworks;

    /// <summary>True for addresses a webhook must not reach unless private networks are allowed.</summary>
    public static bool IsBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127, // carrier-grade NAT
                169 => b[1] == 254, // link-local, incl. the 169.254.169.254 metadata service
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true, // multicast, reserved, broadcast
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address))
            {
                return true;
            }

            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7, incl. fd00:ec2::254 metadata
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation
                || IsNat64WithBlockedIPv4(b);
        }

        return true;
    }

    /// <summary>Connects to the first allowed address the host resolves to.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = AllowPrivateNetworks ? addresses : Array.FindAll(addresses, a => !IsBlocked(a));
        if (allowed.Length == 0)
        {
            throw new BlockedDestinationException(
                $"{host} resolves only to non-public addresses ({string.Join(", ", (IEnumerable<IPAddress>)addresses)}); "
                + $"set {AlertingOptions.Section}:AllowPrivateNetworks to true to allow them.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsNat64WithBlockedIPv4(byte[] b)
    {
        // 64:ff9b::/96 embeds an IPv4 address in its last four bytes.
        if (b[0] != 0 || b[1] != 0x64 || b[2] != 0xFF || b[3] != 0x9B || b.AsSpan(4, 8).ContainsAnyExcept((byte)0))
        {
            return false;
        }

        return IsBlocked(new IPAddress(b.AsSpan(12, 4)));
    }
}
