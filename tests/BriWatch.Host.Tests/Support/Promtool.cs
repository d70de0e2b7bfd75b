using System.ComponentModel;
using System.Diagnostics;

namespace BriWatch.Host.Tests.Support;

/// <summary>Debian's promtool (from the prometheus package tests/run.sh installs).</summary>
internal static class Promtool
{
    /// <summary>Runs promtool in <paramref name="directory"/>; its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool", arguments)
        {
            WorkingDirectory = directory,
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
            throw new InvalidOperationException("promtool is not installed or not on PATH; tests/run.sh installs Debian's package (apt-get install prometheus).", e);
        }

        using (process)
        {
            using var deadline = new CancellationTokenSource(Deadlines.Event);
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var errors = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, await output + await errors);
        }
    }
}
