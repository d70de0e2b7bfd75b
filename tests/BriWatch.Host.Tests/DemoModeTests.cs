using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary><c>briwatch --demo</c>: without internet, the bundled feed's relevant items reach the bundled receiver, verified.</summary>
public sealed class DemoModeTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async ValueTask InitializeAsync() => host = await RunningHost.StartAsync(demo: true);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private HttpClient Api => host.Api;

    [Fact]
    public async Task Demo_feed_items_are_classified_and_the_relevant_ones_are_delivered_to_the_demo_receiver()
    {
        var ct = TestContext.Current.CancellationToken;

        await Eventually.HoldsAsync(
            async () => (await Api.GetFromJsonAsync<JsonObject>("/api/articles", ct))!["total"]!.GetValue<int>() == 6,
            TimeSpan.FromSeconds(60),
            "all six demo items are stored");
        await Eventually.HoldsAsync(
            async () => (await Api.GetFromJsonAsync<JsonArray>("/api/deliveries?state=delivered", ct))!.Count(d => d!["articleId"]!.GetValue<string>() != "endpoint-test") == 3,
            TimeSpan.FromSeconds(60),
            "the three relevant demo items are delivered (the receiver answers 2xx only to a valid signature)");

        var relevant = await Api.GetFromJsonAsync<JsonObject>("/api/articles?relevant=true", ct);
        var titles = relevant!["items"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(3, titles.Count);
        Assert.DoesNotContain(titles, t => t.Contains("film festival", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.Contains("PMI", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.Contains("Volkswagen", StringComparison.Ordinal));
    }
}
