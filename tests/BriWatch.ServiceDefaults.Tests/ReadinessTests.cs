using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using BriWatch.Storage;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BriWatch.ServiceDefaults.Tests;

/// <summary><c>/health/ready</c> as probes see it: 200 with a JSON report while serving, 503 naming the failed check.</summary>
public sealed class ReadinessTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("briwatch-ready-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Ready_answers_200_with_a_json_report_of_every_check_when_store_and_bus_are_up()
    {
        await using var app = await StartAsync(new() { ["Storage:Sqlite:Path"] = Path.Combine(directory, "ok.db") });

        var (status, report) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        Assert.True(report["totalDurationMs"]!.GetValue<double>() >= 0);
        var checks = report["checks"]!.AsArray();
        Assert.Contains(checks, c => c!["name"]!.GetValue<string>() == "store" && c["status"]!.GetValue<string>() == "Healthy");
        Assert.Contains(checks, c => c!["name"]!.GetValue<string>().Contains("masstransit", StringComparison.OrdinalIgnoreCase));
        Assert.All(checks, c => Assert.True(c!["durationMs"]!.GetValue<double>() >= 0));
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_store_when_the_sqlite_file_cannot_be_opened()
    {
        // A directory where the database file should be: SQLite cannot open it, whoever runs the test (even root).
        var path = Directory.CreateDirectory(Path.Combine(directory, "not-a-file.db")).FullName;
        await using var app = await StartAsync(new() { ["Storage:Sqlite:Path"] = path });

        var (status, report) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", report["status"]!.GetValue<string>());
        var store = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "store")!;
        Assert.Equal("Unhealthy", store["status"]!.GetValue<string>());
        Assert.StartsWith("Store unreachable", store["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_bus_when_the_broker_is_unreachable()
    {
        await using var app = await StartAsync(
            new()
            {
                ["Storage:Sqlite:Path"] = Path.Combine(directory, "ok.db"),
                ["Bus:Transport"] = "RabbitMq",
                ["ConnectionStrings:RabbitMq"] = $"amqp://guest:guest@127.0.0.1:{ClosedPort()}/",
            },
            // Production waits for the broker before serving; here the host must serve while the bus keeps retrying.
            waitForBus: false);

        var (status, report) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var bus = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>().Contains("masstransit", StringComparison.OrdinalIgnoreCase))!;
        Assert.Equal("Unhealthy", bus["status"]!.GetValue<string>());
        Assert.Contains(report["checks"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "store" && c["status"]!.GetValue<string>() == "Healthy");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, bool waitForBus = true)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Services.AddBriWatchStorage(builder.Configuration);
        builder.AddBusAndScheduler();
        if (!waitForBus)
        {
            builder.Services.PostConfigure<MassTransitHostOptions>(o => o.WaitUntilStarted = false);
        }

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Report)> ReadyAsync(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        return (response.StatusCode, report);
    }
}
