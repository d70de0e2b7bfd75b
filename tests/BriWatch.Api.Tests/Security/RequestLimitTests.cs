using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace BriWatch.Api.Tests.Security;

/// <summary>Body limits (413), JSON-only state changes (415) and the refusal of cross-origin requests riding on the session cookie.</summary>
public sealed class RequestLimitTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_subscription_body_over_64_KB_is_a_413_problem_also_when_chunked()
    {
        var padding = new string('x', 70 * 1024);
        var subscription = new { name = padding, topics = new[] { "bri" }, webhook = new { url = "https://hooks.example.org/big" } };

        var declared = await host.Client.PostAsync("/api/subscriptions", new StringContent(System.Text.Json.JsonSerializer.Serialize(subscription), Encoding.UTF8, "application/json"), Ct);
        // JsonContent has no length up front, so HttpClient sends it chunked.
        var chunked = await host.Client.PostAsJsonAsync("/api/subscriptions", subscription, Ct);

        await AssertProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "65536 bytes");
        await AssertProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "65536 bytes");
        var small = await host.Client.PostAsJsonAsync("/api/subscriptions", subscription with { name = "Small" }, Ct);
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
    }

    [Fact]
    public async Task Sign_in_accepts_at_most_4_KB_even_from_anonymous_callers()
    {
        var chunked = await host.Anonymous.PostAsJsonAsync("/api/session", new { apiKey = new string('k', 100_000) }, Ct);
        var declared = await host.Anonymous.PostAsync("/api/session", new StringContent($$"""{"apiKey":"{{new string('k', 5000)}}"}""", Encoding.UTF8, "application/json"), Ct);

        await AssertProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "4096 bytes");
        await AssertProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "4096 bytes");
    }

    [Fact]
    public async Task Text_plain_and_form_posts_are_refused_with_415()
    {
        var textPlain = await host.Client.PostAsync("/api/subscriptions", new StringContent("""{"name":"x","topics":["bri"]}""", Encoding.UTF8, "text/plain"), Ct);
        var form = await host.Client.PostAsync("/api/subscriptions", new FormUrlEncodedContent([new("name", "x")]), Ct);
        var formSignIn = await host.Anonymous.PostAsync("/api/session", new FormUrlEncodedContent([new("apiKey", "bw_x")]), Ct);
        var untypedBody = new ByteArrayContent("""{"name":"x"}"""u8.ToArray());
        var untyped = await host.Client.PostAsync("/api/subscriptions", untypedBody, Ct);

        await AssertProblemAsync(textPlain, HttpStatusCode.UnsupportedMediaType, "application/json");
        await AssertProblemAsync(form, HttpStatusCode.UnsupportedMediaType, "application/json");
        await AssertProblemAsync(formSignIn, HttpStatusCode.UnsupportedMediaType, "application/json");
        await AssertProblemAsync(untyped, HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    [Fact]
    public async Task A_body_less_post_with_a_key_is_accepted()
    {
        var (id, feedUrl) = await CreateSubscriptionAsync(host.Client);

        var rotated = await host.Client.PostAsync($"/api/subscriptions/{id}/feed-token", content: null, Ct);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(feedUrl, (await rotated.Content.ReadFromJsonAsync<JsonObject>(Ct))!["feedUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cross_origin_body_less_post_relying_on_the_session_cookie_is_refused()
    {
        var (id, feedUrl) = await CreateSubscriptionAsync(host.Client);
        using var browser = await SignedInSessionAsync(await host.CreateKeyAsync(ApiHost.AdminOwner));

        // What a page on another site can make the operator's browser send: the cookie, an Origin, no token, no body.
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/subscriptions/{id}/feed-token");
        forged.Headers.Add("Origin", "https://evil.example");
        var response = await browser.SendAsync(forged, Ct);
        using var simpleForm = new HttpRequestMessage(HttpMethod.Post, $"/api/subscriptions/{id}/feed-token") { Content = new StringContent("", Encoding.UTF8, "text/plain") };
        simpleForm.Headers.Add("Origin", "https://evil.example");
        var textPlain = await browser.SendAsync(simpleForm, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "X-XSRF-TOKEN");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, textPlain.StatusCode);
        var unchanged = await host.Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", Ct);
        Assert.Equal(feedUrl, unchanged!["feedUrl"]!.GetValue<string>());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard.js")]
    [InlineData("/api/articles")]
    [InlineData("/api/nothing-here")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        var response = await host.Client.GetAsync(path, Ct);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("script-src 'self'", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Cors_is_off_by_default_so_a_preflight_gets_no_allowed_origin()
    {
        var response = await PreflightAsync(host.Anonymous, "https://app.example.org");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    internal static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/subscriptions");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await client.SendAsync(preflight, Ct);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailContains, JsonNode.Parse(body)!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<(string Id, string FeedUrl)> CreateSubscriptionAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/api/subscriptions", new { name = "Limits", topics = new[] { "bri" }, webhook = new { url = "https://hooks.example.org/limits" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        return (subscription["id"]!.GetValue<string>(), subscription["feedUrl"]!.GetValue<string>());
    }

    /// <summary>A client that signed in to the dashboard with <paramref name="key"/> and holds its session cookie, as a browser would.</summary>
    private async Task<HttpClient> SignedInSessionAsync(string key)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseAddress };
        var signIn = await client.PostAsJsonAsync("/api/session", new { apiKey = key }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/session", Ct)).StatusCode);
        return client;
    }
}
