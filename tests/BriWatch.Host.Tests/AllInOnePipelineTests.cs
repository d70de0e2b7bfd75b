using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary>The all-in-one host end to end: a loopback feed, the real pipeline on the in-memory bus and SQLite, a signed webhook.</summary>
public sealed class AllInOnePipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly SignedWebhookReceiver receiver = new();
    private int feedRequests;
    private LoopbackServer feeds = null!;
    private LoopbackServer webhooks = null!;
    private RunningHost host = null!;

    public async ValueTask InitializeAsync()
    {
        feeds = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/feed.xml", (HttpContext context) =>
            {
                Interlocked.Increment(ref feedRequests);
                return Results.Text(DemoFeeds.ThreeItems($"http://{context.Request.Host}"), "application/rss+xml");
            });
            app.MapGet("/missing.xml", () => Results.NotFound());
        });
        webhooks = await LoopbackServer.StartAsync(app => receiver.Map(app, "/hook"));

        host = await RunningHost.StartAsync(
            demo: false,
            new Dictionary<string, string?>
            {
                ["Crawler:AllowPrivateNetworks"] = "true",
                ["Alerting:AllowPrivateNetworks"] = "true",
                ["Api:MinPollInterval"] = "00:00:00.500",
            });
    }

    private HttpClient Api => host.Api;

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await feeds.DisposeAsync();
        await webhooks.DisposeAsync();
    }

    [Fact]
    public async Task Relevant_item_reaches_the_webhook_once_signed_and_a_repoll_sends_nothing_more()
    {
        var ct = TestContext.Current.CancellationToken;
        var subscription = await CreateSubscriptionAsync(ct);
        var secret = subscription["webhook"]!["secret"]!.GetValue<string>();

        var created = await Api.PostAsJsonAsync(
            "/api/sources",
            new { id = "e2e-feed", name = "E2E feed", url = feeds.Url("/feed.xml"), kind = "rss", language = "en", pollInterval = "00:00:00.500" },
            ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Alerts.Count > 0), Patience, "the webhook receives an alert");
        var alert = Assert.Single(receiver.Alerts);
        Assert.True(alert.IsSignedWith(secret), "the Standard Webhooks signature verifies with the subscription's secret");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Received.Any(r => r.Type == "webhook.test")), Patience, "the new endpoint gets a test event");
        Assert.True(receiver.Received.First(r => r.Type == "webhook.test").IsSignedWith(secret));
        Assert.Contains(DemoFeeds.RelevantTitle, alert.Body, StringComparison.Ordinal);

        // Let the source be polled several more times: the same items must not alert again.
        var pollsSoFar = Volatile.Read(ref feedRequests);
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref feedRequests) >= pollsSoFar + 3), Patience, "the feed is polled three more times");
        await Eventually.HoldsAsync(async () => await ArticleCountAsync(ct) == 3, Patience, "all three items are stored");
        Assert.Single(receiver.Alerts);

        var deliveries = await Api.GetFromJsonAsync<JsonArray>($"/api/deliveries?subscription={subscription["id"]}", ct);
        var delivery = Assert.Single(deliveries!, d => d!["articleId"]!.GetValue<string>() != "endpoint-test");
        Assert.Equal("delivered", delivery!["state"]!.GetValue<string>());

        var relevant = await Api.GetFromJsonAsync<JsonObject>("/api/articles?relevant=true", ct);
        Assert.Equal(1, relevant!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_source_answering_404_is_recorded_with_backoff_while_other_sources_keep_flowing()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateSubscriptionAsync(ct);

        await Api.PostAsJsonAsync("/api/sources", new { id = "broken", name = "Broken", url = feeds.Url("/missing.xml"), kind = "rss", pollInterval = "00:00:00.500" }, ct);
        await Api.PostAsJsonAsync("/api/sources", new { id = "healthy", name = "Healthy", url = feeds.Url("/feed.xml"), kind = "rss", pollInterval = "00:00:00.500" }, ct);

        await Eventually.HoldsAsync(
            async () => (await Api.GetFromJsonAsync<JsonObject>("/api/sources/broken", ct))!["crawl"]!["consecutiveFailures"]!.GetValue<int>() >= 1,
            Patience,
            "the broken source records a failure");
        var broken = (await Api.GetFromJsonAsync<JsonObject>("/api/sources/broken", ct))!["crawl"]!;
        Assert.Contains("404", broken["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(broken["nextAttemptAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow, "the next attempt is scheduled in the future");

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Alerts.Count > 0), Patience, "the healthy source's relevant item alerts");
    }

    private async Task<JsonObject> CreateSubscriptionAsync(CancellationToken ct)
    {
        var response = await Api.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "e2e", name = "All relevant items", webhook = new { url = webhooks.Url("/hook") } },
            ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
    }

    private async Task<int> ArticleCountAsync(CancellationToken ct)
    {
        using var page = JsonDocument.Parse(await Api.GetStringAsync("/api/articles", ct));
        return page.RootElement.GetProperty("total").GetInt32();
    }
}
