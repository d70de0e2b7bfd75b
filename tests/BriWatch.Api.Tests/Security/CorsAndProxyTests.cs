using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BriWatch.Api.Tests.Security;

/// <summary>CORS only for listed origins; forwarded headers only from known proxies.</summary>
public sealed class CorsAndProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_listed_origin_passes_the_preflight_without_credentials_and_another_origin_does_not()
    {
        await using var host = await StartAsync(new() { ["Api:Cors:Origins:0"] = "https://app.example.org" });

        var allowed = await RequestLimitTests.PreflightAsync(host.Anonymous, "https://app.example.org");
        var refused = await RequestLimitTests.PreflightAsync(host.Anonymous, "https://evil.example");

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://app.example.org", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Contains("POST", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Behind_a_known_proxy_feed_links_and_the_session_cookie_use_the_public_scheme_and_host()
    {
        await using var host = await StartAsync(new() { ["Api:KnownProxies:0"] = "127.0.0.1" });

        var (feed, cookie) = await FeedAndCookieThroughProxyAsync(host);

        Assert.Contains("href=\"https://briwatch.example.org/feeds/", feed, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unknown_address_are_ignored()
    {
        await using var host = await StartAsync(new() { ["Api:KnownProxies:0"] = "192.0.2.10" });

        var (feed, cookie) = await FeedAndCookieThroughProxyAsync(host);

        Assert.DoesNotContain("briwatch.example.org", feed, StringComparison.Ordinal);
        Assert.Contains($"href=\"{host.BaseAddress.GetLeftPart(UriPartial.Authority)}/feeds/", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_proxy_that_is_not_an_address_or_an_origin_with_a_path_is_a_clear_start_up_error()
    {
        var options = new ApiOptions { KnownProxies = ["proxy.local"], Cors = { Origins = ["https://app.example.org/path"] } };

        var problems = BriWatch.Api.Security.Limits.EdgeOptionsValidation.Problems(options).ToList();

        Assert.Contains("Api:KnownProxies: 'proxy.local' is not an IP address.", problems);
        Assert.Contains(problems, p => p.StartsWith("Api:Cors:Origins: 'https://app.example.org/path' is not an origin", StringComparison.Ordinal));
    }

    /// <summary>The Atom feed and the sign-in's Set-Cookie, asked for as a TLS-terminating proxy at briwatch.example.org would.</summary>
    private static async Task<(string Feed, string Cookie)> FeedAndCookieThroughProxyAsync(ApiHost host)
    {
        var created = await host.Client.PostAsJsonAsync("/api/subscriptions", new { name = "Proxied", topics = new[] { "bri" }, webhook = new { url = "https://hooks.example.org/proxied" } }, Ct);
        var feedUrl = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["feedUrl"]!.GetValue<string>();

        using var feedRequest = Forwarded(new HttpRequestMessage(HttpMethod.Get, feedUrl));
        var feed = await (await host.Anonymous.SendAsync(feedRequest, Ct)).Content.ReadAsStringAsync(Ct);
        using var signIn = Forwarded(new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = JsonContent.Create(new { apiKey = await host.CreateKeyAsync("proxied") }) });
        var session = await host.Anonymous.SendAsync(signIn, Ct);
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        return (feed, Assert.Single(session.Headers.GetValues("Set-Cookie"), c => c.StartsWith("briwatch.session=", StringComparison.Ordinal)));
    }

    private static HttpRequestMessage Forwarded(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "briwatch.example.org");
        return request;
    }

    private static async Task<ApiHost> StartAsync(Dictionary<string, string?> settings)
    {
        var host = new ApiHost(settings);
        await host.InitializeAsync();
        return host;
    }
}
