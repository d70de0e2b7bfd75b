using System.Diagnostics;
using System.Globalization;
using BriWatch.Crawler;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BriWatch.Benchmarks.Crawler;

/// <summary>
/// Issue 3's crawler load target as a harness (not a timed test): N feeds spread over 254 loopback host names,
/// 90% answering 304, each polled twice a minute by the real crawler (scheduler job, CrawlSource consumer, fetcher,
/// SQLite store, in-memory bus). Reports polls per minute, the crawler process's CPU (cores) and its memory over time.
/// </summary>
internal static class CrawlerLoadHarness
{
    public const string Command = "crawler-load";

    public static async Task<int> RunAsync(string[] args)
    {
        var feeds = Option(args, "--feeds", 2000);
        var minutes = Option(args, "--minutes", 3);
        var port = Option(args, "--port", 18080);
        var directory = Directory.CreateTempSubdirectory("briwatch-load-").FullName;

        using var farm = StartFarm(port);
        using var http = new HttpClient();
        await WaitForFarmAsync(http, port);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "load.db"),
            ["Crawler:AllowPrivateNetworks"] = "true",
            ["Crawler:SchedulerTick"] = "00:00:01",
            ["Crawler:MaxSourcesPerTick"] = "500",
            ["Crawler:PerHostDelay"] = "00:00:00.100",
            ["Crawler:SourcesFile"] = Path.Combine(directory, "none.yaml"),
            ["Bus:ConcurrentMessageLimit"] = "32",
        });
        builder.AddServiceDefaults();
        builder.AddCrawlerServices();
        builder.AddBusAndScheduler();
        using var host = builder.Build();

        var store = host.Services.GetRequiredService<ISourceStore>();
        var now = DateTimeOffset.UtcNow;
        var sources = Enumerable.Range(0, feeds).Select(n => new Source
        {
            Id = "load-" + n.ToString(CultureInfo.InvariantCulture),
            Name = "Load feed " + n.ToString(CultureInfo.InvariantCulture),
            Url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.{1 + (n % 254)}:{port}/feed/{n}"),
            Kind = SourceKind.Rss,
            // Twice a minute, pinned (the adaptive planner would stretch silent feeds): demand is 2 polls per feed per minute.
            PollInterval = TimeSpan.FromSeconds(30),
            Options = new Dictionary<string, string> { ["minInterval"] = "00:00:30", ["maxInterval"] = "00:00:30" },
            CreatedAt = now,
            UpdatedAt = now,
            // Spread the first polls over a minute, as a running system's would be.
            Crawl = new SourceCrawlState { NextAttemptAt = now.AddMilliseconds(30_000.0 * n / feeds) },
        });
        await store.AddMissingAsync(sources, CancellationToken.None);
        await host.StartAsync();

        // Warm-up: the first minute fetches every feed in full (200), later ones are mostly 304.
        Console.WriteLine($"{feeds} feeds, warming up for 70 s…");
        await Task.Delay(TimeSpan.FromSeconds(70));

        var process = Process.GetCurrentProcess();
        var (requests0, notModified0) = await StatsAsync(http, port);
        var cpu0 = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var samples = new List<(double Minutes, double WorkingSetMb, double HeapMb)>();
        while (clock.Elapsed < TimeSpan.FromMinutes(minutes))
        {
            await Task.Delay(TimeSpan.FromSeconds(15));
            process.Refresh();
            samples.Add((clock.Elapsed.TotalMinutes, process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0));
        }

        process.Refresh();
        var (requests1, notModified1) = await StatsAsync(http, port);
        var elapsedMinutes = clock.Elapsed.TotalMinutes;
        var cores = (Environment.CpuUsage.TotalTime - cpu0).TotalMinutes / elapsedMinutes;
        var polls = requests1 - requests0;

        Console.WriteLine();
        Console.WriteLine("| feeds | window | polls/min | 304 share | crawler CPU (cores) | working set MB (first → last, max) | managed heap MB (first → last, max) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {feeds} | {elapsedMinutes:0.0} min | {polls / elapsedMinutes:0} | {(double)(notModified1 - notModified0) / Math.Max(1, polls):P0} | {cores:0.00} | {samples[0].WorkingSetMb:0} → {samples[^1].WorkingSetMb:0}, {samples.Max(s => s.WorkingSetMb):0} | {samples[0].HeapMb:0} → {samples[^1].HeapMb:0}, {samples.Max(s => s.HeapMb):0} |"));

        await host.StopAsync();
        farm.Kill(entireProcessTree: true);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    private static Process StartFarm(int port)
    {
        var self = Environment.ProcessPath!;
        var start = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [typeof(FeedFarm).Assembly.Location, FeedFarm.Command, port.ToString(CultureInfo.InvariantCulture)])
            : new ProcessStartInfo(self, [FeedFarm.Command, port.ToString(CultureInfo.InvariantCulture)]);
        return Process.Start(start)!;
    }

    private static async Task WaitForFarmAsync(HttpClient http, int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await StatsAsync(http, port);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("The feed farm did not start.");
    }

    private static async Task<(long Requests, long NotModified)> StatsAsync(HttpClient http, int port)
    {
        var parts = (await http.GetStringAsync($"http://127.0.0.1:{port}/stats")).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
