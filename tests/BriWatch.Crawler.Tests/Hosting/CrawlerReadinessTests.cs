using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using BriWatch.Crawler.Tests.Support;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BriWatch.Crawler.Tests.Hosting;

/// <summary>The crawler's readiness: Degraded (still 200) with the reason once every source has failed for too long.</summary>
public sealed class CrawlerReadinessTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("briwatch-crawler-ready-").FullName;

    [Fact]
    public async Task Ready_is_degraded_with_the_reason_when_every_source_has_failed_longer_than_the_threshold()
    {
        var seeds = Write("sources.yaml", $"""
            sources:
              - id: offline
                name: Offline feed
                url: http://127.0.0.1:{ClosedPort()}/feed
                kind: rss
            """);
        await using var app = await StartAsync(seeds, threshold: "00:00:00.500");
        var ct = TestContext.Current.CancellationToken;
        await WaitForAsync(app, s => s.Crawl.ConsecutiveFailures > 0 && DateTimeOffset.UtcNow - s.CreatedAt > TimeSpan.FromSeconds(1));

        var (status, report) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", report["status"]!.GetValue<string>());
        var sources = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "sources")!;
        Assert.Equal("Degraded", sources["status"]!.GetValue<string>());
        var description = sources["description"]!.GetValue<string>();
        Assert.StartsWith("all 1 sources have failed for more than 0.5 s; e.g. offline: ", description, StringComparison.Ordinal);
        Assert.Contains("could not connect to 127.0.0.1", description, StringComparison.Ordinal);
        Assert.DoesNotContain("robots.txt", description, StringComparison.Ordinal);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task Ready_stays_healthy_while_one_source_still_succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(a =>
            a.MapGet("/feed", () => Results.Text(Samples.Rss(("Hello", "https://e.org/hello")), "application/rss+xml")));
        var seeds = Write("sources.yaml", $"""
            sources:
              - id: offline
                name: Offline feed
                url: http://127.0.0.1:{ClosedPort()}/feed
                kind: rss
              - id: local
                name: Local feed
                url: {server.Url("feed")}
                kind: rss
            """);
        await using var app = await StartAsync(seeds, threshold: "00:00:00.500");
        await WaitForAsync(app, s => s.Id == "offline" && s.Crawl.ConsecutiveFailures > 0 && DateTimeOffset.UtcNow - s.CreatedAt > TimeSpan.FromSeconds(1));
        await WaitForAsync(app, s => s.Id == "local" && s.Crawl.LastSuccessAt is not null);

        var (status, report) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<WebApplication> StartAsync(string seedsFile, string threshold)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(folder, "briwatch.db"),
            ["Crawler:SourcesFile"] = seedsFile,
            ["Crawler:AllowPrivateNetworks"] = "true",
            ["Crawler:SchedulerTick"] = "00:00:00.200",
            ["Crawler:AllSourcesFailingThreshold"] = threshold,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddCrawlerServices();
        builder.AddBusAndScheduler();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static async Task WaitForAsync(WebApplication app, Func<Source, bool> condition)
    {
        var store = app.Services.GetRequiredService<ISourceStore>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Deadlines.Event);
        while (!(await store.ListAsync(timeout.Token)).Any(condition))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonObject Report)> ReadyAsync(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        return (response.StatusCode, report);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
