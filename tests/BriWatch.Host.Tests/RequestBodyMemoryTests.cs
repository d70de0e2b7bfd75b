using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary>
/// The all-in-one host in its own process, as users run it, flooded with large request bodies: they are refused with
/// 413 before they are read, so its working set stays where it was. Nothing inside the host is forced (no GC call):
/// the process is measured from outside.
/// </summary>
public sealed partial class RequestBodyMemoryTests : IDisposable
{
    private const int BodyBytes = 25 * 1024 * 1024;
    private const int Bodies = 30;
    private const long AllowedGrowth = 100L * 1024 * 1024;

    private readonly string directory = Directory.CreateTempSubdirectory("briwatch-body-memory-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Thirty_25_MB_bodies_anonymous_and_authenticated_are_413s_and_leave_the_working_set_within_100_MB()
    {
        var database = Path.Combine(directory, "briwatch.db");
        var key = (await RunAsync(["api-key", "create", "--owner", "memory-admin", "--admin", "--data", database])).Trim();
        Assert.StartsWith("bw_", key, StringComparison.Ordinal);

        var lines = new ConcurrentQueue<string>();
        using var host = Start(["--urls", "http://127.0.0.1:0", "--data", database], lines);
        try
        {
            var baseAddress = await ListeningAddressAsync(host, lines);
            using var anonymous = new HttpClient { BaseAddress = baseAddress, Timeout = Deadlines.Event };
            using var signedIn = new HttpClient { BaseAddress = baseAddress, Timeout = Deadlines.Event };
            signedIn.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await Eventually.HoldsAsync(
                async () => (await anonymous.GetAsync("/health/ready", Ct)).StatusCode == HttpStatusCode.OK,
                Deadlines.Event,
                "the host is ready");
            var body = new byte[BodyBytes];
            Array.Fill(body, (byte)'x');

            // Warm up every path the flood takes, so the baseline already holds its code and buffers.
            await FloodAsync(anonymous, signedIn, body, rounds: 2);
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            var before = WorkingSet(host);

            await FloodAsync(anonymous, signedIn, body, rounds: Bodies);

            var after = WorkingSet(host);
            Assert.True(after - before < AllowedGrowth, $"working set grew from {before / 1_048_576} MB to {after / 1_048_576} MB");
            Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/subscriptions", Ct)).StatusCode);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(Ct);
        }
    }

    /// <summary><paramref name="rounds"/> anonymous sign-ins and as many authenticated subscriptions, each <see cref="BodyBytes"/> long; half of the latter chunked.</summary>
    private static async Task FloodAsync(HttpClient anonymous, HttpClient signedIn, byte[] body, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            await AssertTooLargeAsync(anonymous, "/api/session", Declared(body));
            await AssertTooLargeAsync(signedIn, "/api/subscriptions", i % 2 == 0 ? Declared(body) : new ChunkedContent(body));
        }
    }

    private static async Task AssertTooLargeAsync(HttpClient client, string path, HttpContent content)
    {
        using (content)
        {
            using var response = await client.PostAsync(path, content, Ct);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
    }

    private static ByteArrayContent Declared(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static long WorkingSet(Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    private Process Start(string[] arguments, ConcurrentQueue<string> lines)
    {
        var process = new Process { StartInfo = StartInfo(arguments) };
        process.OutputDataReceived += (_, e) => Collect(lines, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(lines, e.Data);
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<string> RunAsync(string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    private ProcessStartInfo StartInfo(string[] arguments) => new("dotnet", [Path.Combine(AppContext.BaseDirectory, "briwatch.dll"), .. arguments])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = directory,
        Environment =
        {
            ["Crawler__SourcesFile"] = Path.Combine(directory, "no-seed-sources.yaml"),
            ["DOTNET_ENVIRONMENT"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = null,
        },
    };

    private static async Task<Uri> ListeningAddressAsync(Process host, ConcurrentQueue<string> lines)
    {
        Uri? address = null;
        await Eventually.HoldsAsync(
            () =>
            {
                Assert.False(host.HasExited, "the host exited:\n" + string.Join('\n', lines));
                address = lines.Select(l => ListeningOn().Match(l)).Where(m => m.Success).Select(m => new Uri(m.Groups["url"].Value)).FirstOrDefault();
                return Task.FromResult(address is not null);
            },
            Deadlines.Event,
            "the host says where it listens");
        return address!;
    }

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningOn();

    /// <summary>A body of unknown length, sent chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] body;

        public ChunkedContent(byte[] body)
        {
            this.body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
