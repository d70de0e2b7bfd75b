using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using MimeKit;

namespace BriWatch.Alerting.Tests.Infrastructure;

/// <summary>
/// A real maildev (npm, 3.x) on free loopback ports, started per test and killed after. Found through
/// <c>BRIWATCH_TEST_MAILDEV</c> (set by tests/run.sh) or a <c>tests/.tools</c> / <c>node_modules</c> install above the test binaries.
/// </summary>
internal sealed class MailDevServer : IAsyncDisposable
{
    public const string PathVariable = "BRIWATCH_TEST_MAILDEV";

    private static readonly TimeSpan StartTimeout = Deadlines.Event;
    private static readonly TimeSpan ArrivalTimeout = Deadlines.Event;

    private readonly Process process;
    private readonly HttpClient api;

    private MailDevServer(Process process, int smtpPort, int webPort)
    {
        this.process = process;
        SmtpPort = smtpPort;
        api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/api/") };
    }

    public int SmtpPort { get; }

    public static async Task<MailDevServer> StartAsync()
    {
        var executable = Locate();
        if (executable is null)
        {
            Assert.Skip("maildev is not installed: tests/run.sh installs it");
        }

        var (smtpPort, webPort) = FreePorts();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--smtp", $"{smtpPort}", "--web", $"{webPort}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var server = new MailDevServer(process, smtpPort, webPort);
        try
        {
            await server.WaitUntilReadyAsync(executable);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until maildev holds <paramref name="count"/> messages and returns them parsed from their raw source, oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count)
    {
        var ct = TestContext.Current.CancellationToken;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var emails = await api.GetFromJsonAsync<List<MailDevEmail>>("email", ct) ?? [];
            if (emails.Count >= count)
            {
                var messages = new List<MimeMessage>();
                foreach (var email in emails)
                {
                    await using var source = await api.GetStreamAsync($"email/{Uri.EscapeDataString(email.Id)}/source", ct);
                    messages.Add(await MimeMessage.LoadAsync(source, ct));
                }

                return messages;
            }

            Assert.True(deadline.Elapsed < ArrivalTimeout, $"maildev held {emails.Count} of {count} expected messages after {ArrivalTimeout.TotalSeconds} s.");

            // maildev stores a message before it answers DATA, so this poll only bridges the SMTP client's own shutdown.
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        api.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(directory.FullName, "tests", ".tools", "node_modules", ".bin", "maildev"), Path.Combine(directory.FullName, "node_modules", ".bin", "maildev") })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static (int Smtp, int Web) FreePorts()
    {
        using var smtp = new TcpListener(IPAddress.Loopback, 0);
        using var web = new TcpListener(IPAddress.Loopback, 0);
        smtp.Start();
        web.Start();
        return (((IPEndPoint)smtp.LocalEndpoint).Port, ((IPEndPoint)web.LocalEndpoint).Port);
    }

    private async Task WaitUntilReadyAsync(string executable)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);

        // maildev prints its banner, ending in this line, once both the SMTP and the web server listen.
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("Press Ctrl+C to stop", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                Assert.True(await api.GetFromJsonAsync<bool>("healthz", timeout.Token), "maildev's API answered its health check with false.");
                return;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        throw new InvalidOperationException($"{executable} exited with {process.ExitCode} before it was ready: {await errors}");
    }

    private sealed record MailDevEmail([property: JsonPropertyName("id")] string Id);
}
