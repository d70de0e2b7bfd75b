using BriWatch.Crawler.Tests.Support;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BriWatch.Crawler.Tests.Hosting;

/// <summary>The crawler as Program.cs composes it: seeds loaded at start-up, Quartz ticking, the consumer fetching.</summary>
public sealed class CrawlerHostTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("briwatch-crawler-host-").FullName;

    [Fact]
    public async Task Loads_seed_sources_at_start_up_and_polls_them_on_schedule()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/feed", () => Results.Text(Samples.Rss(("Hello", "https://e.org/hello")), "application/rss+xml")));
        var seeds = Write("sources.yaml", $"""
            sources:
              - id: local
                name: Local feed
                url: {server.Url("feed")}
                kind: rss
                language: en
                interval: 00:15:00
            """);
        using var host = Build(seeds);

        await host.StartAsync(TestContext.Current.CancellationToken);
        var store = host.Services.GetRequiredService<ISourceStore>();
        var source = await WaitForAsync(store, "local", s => s.Crawl.LastSuccessAt is not null);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Local feed", source.Name);
        Assert.Null(source.Crawl.LastError);
    }

    [Fact]
    public async Task A_malformed_seed_file_fails_start_up_naming_file_and_line()
    {
        var seeds = Write("sources.yaml", "sources:\n  - id: ok\n    url: http://x.example.org/\n  - id: broken\n    url: nope\n");
        using var host = Build(seeds);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"{seeds}:5: url 'nope' of source 'broken'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_seed_file_only_warns()
    {
        using var host = Build(Path.Combine(folder, "absent.yaml"));

        await host.StartAsync(TestContext.Current.CancellationToken);
        var sources = await host.Services.GetRequiredService<ISourceStore>().ListAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Empty(sources);
    }

    [Fact]
    public void An_invalid_sitemap_cap_fails_start_up_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(Path.Combine(folder, "absent.yaml"), ("Crawler:MaxSitemapsPerPoll", "0")));

        Assert.Equal("Invalid Crawler options: MaxSitemapsPerPoll must be at least 1", error.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private IHost Build(string seedsFile, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(folder, "briwatch.db"),
            ["Crawler:SourcesFile"] = seedsFile,
            ["Crawler:AllowPrivateNetworks"] = "true",
            ["Crawler:SchedulerTick"] = "00:00:00.200",
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddCrawlerServices();
        builder.AddBusAndScheduler();
        return builder.Build();
    }

    private static async Task<Source> WaitForAsync(ISourceStore store, string id, Func<Source, bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Deadlines.Event);
        while (true)
        {
            if (await store.GetAsync(id, timeout.Token) is { } source && condition(source))
            {
                return source;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
