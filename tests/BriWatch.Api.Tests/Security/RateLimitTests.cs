using System.Net;
using System.Net.Http.Json;

namespace BriWatch.Api.Tests.Security;

/// <summary>Rate limits with small configured windows: per API key for signed-in callers, per client IP for anonymous ones.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly ApiHost host = new(new Dictionary<string, string?>
    {
        ["Api:RateLimits:Key:PermitLimit"] = "3",
        ["Api:RateLimits:Key:Window"] = "01:00:00",
        ["Api:RateLimits:Anonymous:PermitLimit"] = "2",
        ["Api:RateLimits:Anonymous:Window"] = "01:00:00",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => host.InitializeAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_Retry_After_while_another_key_is_still_served()
    {
        using var first = await host.ClientForAsync("rate-first");
        using var second = await host.ClientForAsync("rate-second");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/subscriptions", Ct)).StatusCode);
        }

        var refused = await first.GetAsync("/api/subscriptions", Ct);

        await RequestLimitTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "try again in");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/subscriptions", Ct)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_sign_in_attempts_are_limited_per_client_address_but_health_probes_are_not()
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.PostAsJsonAsync("/api/session", new { apiKey = "bw_wrong_key" }, Ct)).StatusCode);
        }

        var refused = await host.Anonymous.PostAsJsonAsync("/api/session", new { apiKey = "bw_wrong_key" }, Ct);
        // Refused keys on other endpoints count against the same address: guessing keys gains nothing.
        var guessedKey = new HttpRequestMessage(HttpMethod.Get, "/api/subscriptions") { Headers = { { "Authorization", "Bearer bw_guess_key" } } };
        var guessed = await host.Anonymous.SendAsync(guessedKey, Ct);

        await RequestLimitTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "try again in");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.TooManyRequests, guessed.StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Anonymous.GetAsync("/health/live", Ct)).StatusCode);
        }
    }
}
