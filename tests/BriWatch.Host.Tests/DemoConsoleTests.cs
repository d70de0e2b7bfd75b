using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary>
/// <c>briwatch --demo</c> run as a user runs it (its own process, its shipped appsettings.json): the first minute's
/// console fits on one screen, says each offline source's real cause once, and shows no stack trace.
/// </summary>
public sealed partial class DemoConsoleTests : IDisposable
{
    /// <summary>One terminal screen, with room to spare.</summary>
    private const int MaxLines = 40;

    /// <summary>Offline sources in the run, each failing once in the first minute (the seeds hold about 25).</summary>
    private const int OfflineSources = 12;

    private readonly string directory = Directory.CreateTempSubdirectory("briwatch-demo-console-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Demo_console_until_its_alerts_fits_on_one_screen_with_one_line_per_offline_source_and_no_stack_trace()
    {
        var ports = Enumerable.Range(0, OfflineSources).Select(_ => ClosedPort()).ToList();
        var seeds = Path.Combine(directory, "sources.yaml");
        await File.WriteAllTextAsync(
            seeds,
            "sources:\n" + string.Concat(ports.Select((port, i) => $"  - id: offline-{i}\n    name: Offline {i}\n    url: http://127.0.0.1:{port}/feed\n    kind: rss\n")),
            TestContext.Current.CancellationToken);
        var lines = new ConcurrentQueue<string>();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "briwatch.dll"), "--demo", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(directory, "briwatch.db")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
            Environment = { ["Crawler__SourcesFile"] = seeds, ["DOTNET_ENVIRONMENT"] = null, ["ASPNETCORE_ENVIRONMENT"] = null },
        };
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(lines, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(lines, e.Data);
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // The demo's three alerts and every offline source's first failure, then a few more seconds of whatever follows.
            await Eventually.HoldsAsync(
                () => Task.FromResult(lines.Count(l => l.Contains("ALERT (signature verified)", StringComparison.Ordinal)) >= 3
                    && lines.Count(l => l.Contains("could not connect", StringComparison.Ordinal)) >= OfflineSources),
                Deadlines.Event,
                "the demo's alerts and every offline source's failure are logged");
            await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

            // The demo prints its admin key with the dashboard's address; the key signs in.
            var ready = Assert.Single(lines, l => l.Contains("Demo ready", StringComparison.Ordinal));
            var signIn = DemoKeyLine().Match(ready);
            Assert.True(signIn.Success, ready);
            using var api = new HttpClient { BaseAddress = new Uri(signIn.Groups["dashboard"].Value) };
            api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", signIn.Groups["key"].Value);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/sources", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var output = lines.ToList();
        var all = string.Join('\n', output);
        Assert.True(output.Count <= MaxLines, $"{output.Count} lines (at most {MaxLines}):\n{all}");
        Assert.DoesNotContain(output, l => StackFrame().IsMatch(l));
        Assert.DoesNotContain("robots.txt", all, StringComparison.Ordinal);
        foreach (var (port, i) in ports.Select((p, i) => (p, i)))
        {
            Assert.Single(output, l => l.Contains($"Source offline-{i} failed", StringComparison.Ordinal)
                && l.Contains($"could not connect to 127.0.0.1:{port} (connection refused)", StringComparison.Ordinal));
        }

        // Every line a trace runs through names its trace and span.
        Assert.All(output.Where(l => l.Contains("ALERT", StringComparison.Ordinal)), l => Assert.Matches("TraceId:[0-9a-f]{32}", l));
    }

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Dashboard: (?<dashboard>http://\S+/) \(sign in with the demo admin key (?<key>bw_\w+)\)")]
    private static partial Regex DemoKeyLine();

    [GeneratedRegex(@"^\s+at \S+")]
    private static partial Regex StackFrame();
}
