using System.Diagnostics;
using BriWatch.Testing;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests.Deployment;

/// <summary>deploy/healthcheck.sh, the image's HEALTHCHECK, run with bash against a real Kestrel on loopback.</summary>
public sealed class HealthcheckScriptTests
{
    [Fact]
    public async Task Passes_when_the_ready_endpoint_answers_200_on_the_port_of_ASPNETCORE_URLS()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/health/ready", () => "Healthy"));

        var exitCode = await RunAsync($"http://+:{server.BaseAddress.Port};http://+:1", "/health/ready");

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Fails_when_the_ready_endpoint_answers_503()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/health/ready", () => Results.StatusCode(503)));

        Assert.Equal(1, await RunAsync($"http://+:{server.BaseAddress.Port}", "/health/ready"));
    }

    [Fact]
    public async Task Fails_when_nothing_listens()
    {
        int port;
        await using (var server = await LoopbackServer.StartAsync(_ => { }))
        {
            port = server.BaseAddress.Port;
        }

        Assert.NotEqual(0, await RunAsync($"http://+:{port}", "/health/ready"));
    }

    private static async Task<int> RunAsync(string aspNetCoreUrls, string path)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "deploy", "healthcheck.sh"), path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = aspNetCoreUrls;
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Deadlines.Event);
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(deadline.Token), process.StandardError.ReadToEndAsync(deadline.Token));
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }
}
