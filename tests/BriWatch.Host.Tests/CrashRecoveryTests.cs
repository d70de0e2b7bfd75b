using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary>
/// Issue 10's measurement as a test: the all-in-one host (its own process, <c>dotnet briwatch.dll</c>, in-memory bus)
/// is killed with SIGKILL right after its feed's GET was served, then started again on the same SQLite database. Every
/// item of the feed must become an article and every relevant one its signed alert: the discovered items were recorded
/// with their outbox events, or not at all.
/// </summary>
public sealed partial class CrashRecoveryTests : IAsyncLifetime
{
    private const int RelevantItems = 3;
    private const int OtherItems = 7;

    private readonly string directory = Directory.CreateTempSubdirectory("briwatch-crash-").FullName;
    private readonly SignedWebhookReceiver receiver = new();
    private readonly TaskCompletionSource firstFetchServed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer feeds = null!;
    private LoopbackServer webhooks = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Database => Path.Combine(directory, "briwatch.db");

    public async ValueTask InitializeAsync()
    {
        feeds = await LoopbackServer.StartAsync(app => app.MapGet("/feed.xml", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(Feed($"http://{context.Request.Host}"));
            await context.Response.CompleteAsync();
            firstFetchServed.TrySetResult();
        }));
        webhooks = await LoopbackServer.StartAsync(app => receiver.Map(app, "/hook"));
    }

    public async ValueTask DisposeAsync()
    {
        await feeds.DisposeAsync();
        await webhooks.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>When the process dies.</summary>
    public enum KillPoint
    {
        /// <summary>As soon as the feed server has sent the feed: the issue's measurement.</summary>
        FeedServed,

        /// <summary>As soon as every item is marked seen, the moment the old crawler had handed them all to the bus only.</summary>
        ItemsMarkedSeen,
    }

    [Theory]
    [InlineData(KillPoint.FeedServed)]
    [InlineData(KillPoint.ItemsMarkedSeen)]
    public async Task Host_killed_right_after_a_poll_and_restarted_on_the_same_database_turns_every_item_into_an_article_and_its_alert(KillPoint killPoint)
    {
        var key = await CreateAdminKeyAsync();
        string secret;
        using (var first = await HostProcess.StartAsync(directory, Database))
        {
            using var api = first.Client(key);
            var subscription = await api.PostAsJsonAsync("/api/subscriptions", new { owner = "crash", name = "All relevant items", webhook = new { url = webhooks.Url("/hook") } }, Ct);
            Assert.Equal(HttpStatusCode.Created, subscription.StatusCode);
            secret = (await subscription.Content.ReadFromJsonAsync<JsonObject>(Ct))!["webhook"]!["secret"]!.GetValue<string>();
            var source = await api.PostAsJsonAsync("/api/sources", new { id = "crash-feed", name = "Crash feed", url = feeds.Url("/feed.xml"), kind = "rss", language = "en", pollInterval = "00:00:01" }, Ct);
            Assert.Equal(HttpStatusCode.Created, source.StatusCode);

            await firstFetchServed.Task.WaitAsync(Deadlines.Event, Ct);
            if (killPoint == KillPoint.ItemsMarkedSeen)
            {
                await Eventually.HoldsAsync(async () => await ItemsMarkedSeenAsync() == RelevantItems + OtherItems, Deadlines.Event, "every item is marked seen", TimeSpan.FromMilliseconds(10));
            }

            first.Kill();
        }

        using var second = await HostProcess.StartAsync(directory, Database);
        using var restarted = second.Client(key);
        await Eventually.HoldsAsync(async () => (await ArticlesAsync(restarted, relevantOnly: false)).Count == RelevantItems + OtherItems, Deadlines.Event, "every item of the feed is an article");
        var relevant = await ArticlesAsync(restarted, relevantOnly: true);
        Assert.NotEmpty(relevant);
        await Eventually.HoldsAsync(
            () => Task.FromResult(relevant.All(a => Alerted(a.Id, a.StoryId))),
            Deadlines.Event,
            $"every relevant article ({string.Join(", ", relevant.Select(a => a.Id))}) is alerted; alerts so far: {receiver.Alerts.Count}");
        Assert.All(receiver.Alerts, alert => Assert.True(alert.IsSignedWith(secret), "every alert's signature verifies"));
    }

    /// <summary>The crawler's discovery keys per article, read from the database beside the running host.</summary>
    private async Task<long> ItemsMarkedSeenAsync()
    {
        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(DISTINCT article_id) FROM discovery_keys;";
            return (long)(await command.ExecuteScalarAsync(Ct))!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Not created yet, or locked for a moment by the host's writer.
            return 0;
        }
    }

    private bool Alerted(string articleId, string storyId) =>
        receiver.Alerts.Select(a => JsonNode.Parse(a.Body)!["data"]!).Any(d =>
            d["articleId"]?.GetValue<string>() == articleId || d["storyId"]?.GetValue<string>() == storyId);

    private static async Task<List<(string Id, string StoryId)>> ArticlesAsync(HttpClient api, bool relevantOnly)
    {
        var page = await api.GetFromJsonAsync<JsonObject>($"/api/articles?limit=100{(relevantOnly ? "&relevant=true" : "")}", Ct);
        return [.. page!["items"]!.AsArray().Select(a => (a!["id"]!.GetValue<string>(), a["storyId"]!.GetValue<string>()))];
    }

    private async Task<string> CreateAdminKeyAsync()
    {
        var (exitCode, output) = await HostProcess.RunAsync(directory, "api-key", "create", "--owner", "root", "--admin", "--data", Database);
        Assert.True(exitCode == 0, output);
        return ApiKey().Match(output) is { Success: true } match ? match.Value : throw new InvalidOperationException($"No key in: {output}");
    }

    /// <summary>Three relevant items (distinct deals) and seven that are not.</summary>
    private static string Feed(string baseUrl)
    {
        string[] relevant =
        [
            $"<title>{DemoFeeds.RelevantTitle}</title><description>Chinese carmaker BYD opened its electric vehicle plant in Camaçari, Bahia, an investment of US$1 billion, its first car factory in Brazil, deepening industrial cooperation between China and Brazil, both BRICS members.</description>",
            "<title>New Development Bank lends US$500 million for metro rail line in Mumbai, India</title><description>The BRICS New Development Bank approved a US$500 million loan to build a metro rail line in Mumbai, India, financing infrastructure and transport cooperation among BRICS members.</description>",
            "<title>China and Egypt sign deal for industrial park in the Suez Canal Economic Zone under Belt and Road</title><description>China and Egypt signed an agreement to build a Belt and Road industrial park in the Suez Canal Economic Zone, with Chinese manufacturers investing US$2 billion in steel, solar panel and textile plants.</description>",
        ];
        var others = Enumerable.Range(1, OtherItems).Select(i =>
            $"<title>Regional football cup, round {i}: home side wins on penalties</title><description>Round {i} of the regional football cup ended in a penalty shoot-out; the home side's goalkeeper saved {i} penalties and the coach praised the crowd.</description>");
        var items = relevant.Concat(others).Select((body, i) =>
            $"<item>{body}<link>{baseUrl}/news/{i}</link><guid isPermaLink=\"false\">crash-{i}</guid><pubDate>Mon, 23 Nov 2026 {8 + (i % 10):00}:00:00 GMT</pubDate></item>");
        return $"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Crash feed</title><link>{baseUrl}/</link><description>d</description>{string.Concat(items)}</channel></rss>""";
    }

    [GeneratedRegex(@"bw_\w+")]
    private static partial Regex ApiKey();

    /// <summary>The shipped host as its own process on a free loopback port, with the settings that compress time.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly Process process;
        private readonly ConcurrentQueue<string> output;

        private HostProcess(Process process, ConcurrentQueue<string> output, Uri address)
        {
            this.process = process;
            this.output = output;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<HostProcess> StartAsync(string directory, string database)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var output = new ConcurrentQueue<string>();
            var process = Start(directory, output, "--urls", address.ToString(), "--data", database);
            var host = new HostProcess(process, output, address);
            using var probe = new HttpClient { BaseAddress = address };
            await Eventually.HoldsAsync(
                async () =>
                {
                    Assert.False(process.HasExited, $"the host exited:\n{string.Join('\n', output)}");
                    try
                    {
                        return (await probe.GetAsync("/health/ready", Ct)).StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                Deadlines.Event,
                "the host is ready");
            return host;
        }

        public static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
        {
            var output = new ConcurrentQueue<string>();
            using var process = Start(directory, output, arguments);
            await process.WaitForExitAsync(Ct);
            return (process.ExitCode, string.Join('\n', output));
        }

        public HttpClient Client(string key)
        {
            var client = new HttpClient { BaseAddress = Address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        /// <summary>SIGKILL: no shutdown hook runs, whatever the in-memory bus holds is gone.</summary>
        /// <remarks>
        /// The process alone (the host starts no children): killing the tree first stops the process with SIGSTOP to list
        /// its children, and once under libfaketime that left it stopped and the test waiting for ever.
        /// </remarks>
        public void Kill()
        {
            process.Kill();
            Assert.True(process.WaitForExit(Deadlines.Event), "the killed host did not exit");
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                Kill();
            }

            process.Dispose();
        }

        private static Process Start(string directory, ConcurrentQueue<string> output, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "briwatch.dll"), .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory,
                Environment =
                {
                    ["DOTNET_ENVIRONMENT"] = null,
                    ["ASPNETCORE_ENVIRONMENT"] = null,
                    ["Crawler__SourcesFile"] = Path.Combine(directory, "no-seed-sources.yaml"),
                    ["Crawler__AllowPrivateNetworks"] = "true",
                    ["Crawler__FetchArticlePages"] = "false",
                    ["Crawler__SchedulerTick"] = "00:00:00.200",
                    ["Crawler__ClaimLease"] = "00:00:05",
                    // The killed process held the scheduling lease; its successor takes over once it lapses.
                    ["Crawler__SchedulerLease"] = "00:00:02",
                    ["Alerting__AllowPrivateNetworks"] = "true",
                    ["Alerting__DispatchInterval"] = "00:00:00.200",
                    ["Api__MinPollInterval"] = "00:00:00.500",
                    ["Outbox__RedeliverAfter"] = "00:00:05",
                },
            };
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Collect(output, e.Data);
            process.ErrorDataReceived += (_, e) => Collect(output, e.Data);
            Assert.True(process.Start());
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        private static void Collect(ConcurrentQueue<string> lines, string? line)
        {
            if (line is not null)
            {
                lines.Enqueue(line);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
