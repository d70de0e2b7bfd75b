using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BriWatch.Host.Tests;

/// <summary><c>briwatch --demo</c>: without internet, the bundled feed's relevant items reach the bundled receiver, verified.</summary>
public sealed class DemoModeTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("briwatch-demo-").FullName;
    private WebApplication _host = null!;
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _host = BriWatchApp.Build(
            new HostSettings("http://127.0.0.1:0", Demo: true, Path.Combine(_directory, "demo.db")),
            new Dictionary<string, string?>
            {
                ["Crawler:SchedulerTick"] = "00:00:00.200",
                ["Crawler:SourcesFile"] = Path.Combine(_directory, "no-seed-sources.yaml"),
                ["Alerting:DispatchInterval"] = "00:00:00.200",
            });
        await _host.StartAsync(TestContext.Current.CancellationToken);
        var address = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _api = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _host.StopAsync();
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Demo_feed_items_are_classified_and_the_relevant_ones_are_delivered_to_the_demo_receiver()
    {
        var ct = TestContext.Current.CancellationToken;

        await Eventually.HoldsAsync(
            async () => (await _api.GetFromJsonAsync<JsonObject>("/api/articles", ct))!["total"]!.GetValue<int>() == 6,
            TimeSpan.FromSeconds(60),
            "all six demo items are stored");
        await Eventually.HoldsAsync(
            async () => (await _api.GetFromJsonAsync<JsonArray>("/api/deliveries?state=delivered", ct))!.Count == 3,
            TimeSpan.FromSeconds(60),
            "the three relevant demo items are delivered (the receiver answers 2xx only to a valid signature)");

        var relevant = await _api.GetFromJsonAsync<JsonObject>("/api/articles?relevant=true", ct);
        var titles = relevant!["items"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(3, titles.Count);
        Assert.DoesNotContain(titles, t => t.Contains("film festival", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.Contains("PMI", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.Contains("Volkswagen", StringComparison.Ordinal));
    }
}
