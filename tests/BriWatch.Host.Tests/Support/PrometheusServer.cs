using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace BriWatch.Host.Tests.Support;

/// <summary>
/// Debian's Prometheus server (tests/run.sh installs the apt package) on a free loopback port with a throwaway TSDB,
/// scraping one target every second.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;
    private readonly StringWriter log = new();

    private PrometheusServer(Process process, string directory, Uri baseAddress)
    {
        this.process = process;
        this.directory = directory;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    /// <summary>What the server printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(Uri target, string metricsPath, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("briwatch-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        // honor_timestamps off: samples are stamped at scrape time, whatever clock the exporter reports.
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: briwatch
                honor_timestamps: false
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ["{target.Authority}"]
            """, cancellationToken);

        var port = FreePort();
        var start = new ProcessStartInfo("prometheus",
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException("prometheus is not installed or not on PATH; tests/run.sh installs Debian's package (apt-get install prometheus).", e);
        }

        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(cancellationToken);
        return server;
    }

    /// <summary>The value of an instant query that yields one series (wrap it in <c>sum(...)</c>); null while it yields none.</summary>
    public async Task<double?> QueryScalarAsync(string query, CancellationToken cancellationToken)
    {
        var answer = await Client.GetFromJsonAsync<JsonObject>($"/api/v1/query?query={Uri.EscapeDataString(query)}", cancellationToken);
        Assert.Equal("success", answer!["status"]!.GetValue<string>());
        var result = answer["data"]!["result"]!.AsArray();
        return result.Count == 0 ? null : double.Parse(result.Single()!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadlines.Event);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {process.ExitCode}: {Log}");
            }

            try
            {
                using var response = await Client.GetAsync("/-/ready", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"prometheus was not ready within {Deadlines.Event.TotalSeconds:0} s: {Log}");
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
