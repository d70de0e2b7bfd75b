using System.Diagnostics;
using System.Text.Json;

namespace BriWatch.Host.Tests;

public sealed class CommandLineTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BriWatchCli.RunAsync(args, input, output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Unknown_command_prints_usage_and_exits_2()
    {
        var (exit, _, err) = await RunAsync("", "frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("frobnicate", err, StringComparison.Ordinal);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_prints_usage_and_exits_2()
    {
        var (exit, _, err) = await RunAsync("", "--no-such-option");

        Assert.Equal(2, exit);
        Assert.Contains("--no-such-option", err, StringComparison.Ordinal);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_argument_of_a_subcommand_exits_2()
    {
        var (exit, _, err) = await RunAsync("", "parse-feed");

        Assert.Equal(2, exit);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_subcommand_and_exits_0()
    {
        var (exit, output, _) = await RunAsync("", "--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "classify", "parse-feed", "extract", "--demo", "--urls" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Parse_feed_prints_the_feed_as_json()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, Support.DemoFeeds.ThreeItems("http://feeds.example.org"), TestContext.Current.CancellationToken);
        try
        {
            var (exit, output, _) = await RunAsync("", "parse-feed", file);

            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(output);
            Assert.Equal(3, json.RootElement.GetProperty("items").GetArrayLength());
            Assert.Equal(Support.DemoFeeds.RelevantTitle, json.RootElement.GetProperty("items")[0].GetProperty("title").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Parse_feed_on_a_missing_file_exits_2_with_a_one_line_error()
    {
        var (exit, output, err) = await RunAsync("", "parse-feed", "/no/such/feed.xml");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Classify_reads_json_lines_from_stdin_and_writes_one_result_per_line()
    {
        var stdin = JsonSerializer.Serialize(new
        {
            title = Support.DemoFeeds.RelevantTitle,
            text = "Chinese carmaker BYD opened its electric vehicle plant in Camaçari, Bahia, an investment of US$1 billion, deepening industrial cooperation between China and Brazil.",
        }) + "\n";

        var (exit, output, _) = await RunAsync(stdin, "classify");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.True(json.RootElement.GetProperty("relevant").GetBoolean());
    }

    [Fact]
    public async Task Extract_on_a_missing_file_exits_2()
    {
        var (exit, _, err) = await RunAsync("", "extract", "/no/such/page.html");

        Assert.Equal(2, exit);
        Assert.NotEmpty(err);
    }

    [Fact]
    public async Task The_briwatch_executable_rejects_an_unknown_command_with_exit_code_2()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "briwatch.dll"), "frobnicate"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var err = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);
    }
}
