using System.Net;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary>In the all-in-one host the crawler's and alerting's public endpoints sit behind the API's abuse limits too.</summary>
public sealed class PublicEndpointLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WebSub_callbacks_and_unsubscribe_pages_are_rate_limited_per_client_address_in_partitions_of_their_own()
    {
        await using var host = await RunningHost.StartAsync(demo: false, new Dictionary<string, string?>
        {
            ["Api:RateLimits:WebSub:PermitLimit"] = "2",
            ["Api:RateLimits:WebSub:Window"] = "01:00:00",
            ["Api:RateLimits:Anonymous:PermitLimit"] = "2",
            ["Api:RateLimits:Anonymous:Window"] = "01:00:00",
        });
        using var anonymous = new HttpClient { BaseAddress = host.Api.BaseAddress };

        var pushes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            pushes.Add((await anonymous.PostAsync("/websub/no-such-token", new StringContent("<feed/>"), Ct)).StatusCode);
        }

        var clicks = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            clicks.Add((await anonymous.GetAsync("/alerts/unsubscribe?token=forged", Ct)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, pushes[..2]);
        Assert.Equal(HttpStatusCode.TooManyRequests, pushes[2]);
        // The WebSub pushes did not use up the anonymous partition.
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, clicks[..2]);
        Assert.Equal(HttpStatusCode.TooManyRequests, clicks[2]);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync("/api/subscriptions", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_WebSub_push_over_the_body_limit_outside_the_api_is_a_413()
    {
        await using var host = await RunningHost.StartAsync(demo: false, new Dictionary<string, string?> { ["Api:BodyLimits:Other"] = "1024" });
        using var anonymous = new HttpClient { BaseAddress = host.Api.BaseAddress };

        var response = await anonymous.PostAsync("/websub/no-such-token", new ByteArrayContent(new byte[4096]), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
