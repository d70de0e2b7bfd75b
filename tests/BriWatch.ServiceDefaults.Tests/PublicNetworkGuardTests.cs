using System.Net;
using BriWatch.ServiceDefaults.Networking;

namespace BriWatch.ServiceDefaults.Tests;

public sealed class PublicNetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fc00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:7f00:1::1")] // 6to4 of 127.0.0.1
    [InlineData("2002:a9fe:a9fe::")] // 6to4 of 169.254.169.254
    [InlineData("2002:c0a8:101::1")] // 6to4 of 192.168.1.1
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("::169.254.169.254")]
    [InlineData("::10.0.0.1")]
    public void Refuses_private_loopback_link_local_and_metadata_addresses(string address)
    {
        Assert.False(PublicNetworkGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")] // 6to4 of 8.8.8.8
    [InlineData("::8.8.8.8")] // IPv4-compatible
    public void Allows_public_addresses(string address)
    {
        Assert.True(PublicNetworkGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task Refuses_a_loopback_connection_naming_the_setting_that_would_allow_it()
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = (context, token) => PublicNetworkGuard.ConnectAsync(context, allowPrivateNetworks: false, "Test:AllowPrivateNetworks", token),
        };
        using var client = new HttpClient(handler);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("http://127.0.0.1:9/", TestContext.Current.CancellationToken));

        var blocked = FindBlocked(error);
        Assert.NotNull(blocked);
        Assert.Contains("Test:AllowPrivateNetworks", blocked.Message, StringComparison.Ordinal);
    }

    private static BlockedDestinationException? FindBlocked(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BlockedDestinationException blocked)
            {
                return blocked;
            }
        }

        return null;
    }
}
