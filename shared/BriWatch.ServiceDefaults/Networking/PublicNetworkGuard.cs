using System.Net;
using System.Net.Sockets;

namespace BriWatch.ServiceDefaults.Networking;

/// <summary>
/// SSRF guard shared by every outbound HTTP client that follows user-supplied URLs (feeds, article pages, WebSub hubs,
/// webhooks). It runs as the handler's <c>ConnectCallback</c>, after DNS resolution and on every redirect, so a public
/// name that resolves (or re-resolves) to an internal address is caught as well as a literal IP.
/// </summary>
public static class PublicNetworkGuard
{
    /// <summary>False for loopback, private, carrier-grade NAT, link-local (incl. cloud metadata), documentation,
    /// benchmarking, multicast and reserved addresses, IPv6 unique-local, and the IPv4-mapped, IPv4-compatible, 6to4 and
    /// NAT64 forms of any of them.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicIPv4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicIPv6(address),
            _ => false,
        };
    }

    /// <summary>
    /// Connects to the first permitted address <paramref name="context"/>'s host resolves to.
    /// </summary>
    /// <param name="allowSetting">The configuration key that would allow private networks, named in the refusal.</param>
    /// <exception cref="BlockedDestinationException">The host resolves only to non-public addresses.</exception>
    /// <exception cref="HttpRequestException">The DNS lookup failed.</exception>
    public static async ValueTask<Stream> ConnectAsync(
        SocketsHttpConnectionContext context,
        bool allowPrivateNetworks,
        string allowSetting,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new HttpRequestException($"DNS lookup failed for {host}: {ex.SocketErrorCode}", ex);
        }

        var allowed = allowPrivateNetworks ? addresses : Array.FindAll(addresses, IsPublic);
        if (allowed.Length == 0)
        {
            throw addresses.Length == 0
                ? new HttpRequestException($"DNS lookup for {host} returned no address")
                : new BlockedDestinationException(host, addresses[0], allowSetting);
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

    private static bool IsPublicIPv4(byte[] b) => b[0] switch
    {
        0 or 10 or 127 => false,
        100 => b[1] is < 64 or > 127, // 100.64/10 carrier-grade NAT
        169 => b[1] != 254, // link-local, incl. the 169.254.169.254 metadata service
        172 => b[1] is < 16 or > 31,
        192 => !(b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99)),
        198 => !(b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100)),
        203 => !(b[1] == 0 && b[2] == 113),
        >= 224 => false, // multicast, reserved, broadcast
        _ => true,
    };

    private static bool IsPublicIPv6(IPAddress address)
    {
        if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address))
        {
            return false;
        }

        var b = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (b[0] & 0xFE) == 0xFC // unique local fc00::/7, incl. fd00:ec2::254 metadata
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)) // documentation
        {
            return false;
        }

        // Forms that embed an IPv4 address are as public as that address, since they can reach it through a
        // relay or a dual-stack host: 6to4 2002:AABB:CCDD::/48 carries it in bytes 2-5; NAT64 64:ff9b::/96 and the
        // deprecated IPv4-compatible ::a.b.c.d (::/96) in the last four (IPv4-mapped ones are unwrapped by IsPublic).
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicIPv4(b[2..6]);
        }

        var nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && !b.AsSpan(4, 8).ContainsAnyExcept((byte)0);
        var compatible = !b.AsSpan(0, 12).ContainsAnyExcept((byte)0);
        return !(nat64 || compatible) || IsPublicIPv4(b[12..]);
    }
}
