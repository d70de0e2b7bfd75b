using System.Diagnostics;
using System.Text.Json;
using BriWatch.Classifier.Cli;
using BriWatch.Crawler;
using BriWatch.Crawler.Cli;

namespace BriWatch.Host.Tests;

public sealed class CommandLineTests : IDisposable
{
    private const string RootDescription = "BriWatch: monitors";

    private readonly string dir = Directory.CreateTempSubdirectory("briwatch-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

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

    [Theory]
    [InlineData("classify", "Classify articles and print one JSON line per input.")]
    [InlineData("parse-feed", "Parse a feed file and print it as one JSON object.")]
    [InlineData("extract", "Extract an article's text and metadata from an HTML page and print them as JSON.")]
    public async Task An_unknown_option_of_a_subcommand_is_named_and_the_subcommand_usage_printed_with_exit_2(string command, string description)
    {
        var (exit, output, err) = await RunAsync("", command, "--bogus");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("briwatch: Unrecognized option '--bogus'.", err, StringComparison.Ordinal);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);
        Assert.Contains(description, err, StringComparison.Ordinal);
        Assert.DoesNotContain(RootDescription, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parse-feed")]
    [InlineData("extract")]
    public async Task An_unknown_option_before_the_file_blames_the_option_not_the_file(string command)
    {
        var file = Write("input.xml", "<rss/>");

        var (exit, output, err) = await RunAsync("", command, "--bogus", file);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("Unrecognized option '--bogus'.", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Unrecognized command or argument", err, StringComparison.Ordinal);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_unknown_option_among_classify_files_is_rejected()
    {
        var file = Write("a.json", "{}");

        var (exit, output, err) = await RunAsync("", "classify", file, "-x");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("Unrecognized option '-x'.", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_named_like_an_option_is_accepted_after_double_dash()
    {
        var file = Write("good.json", JsonSerializer.Serialize(new { title = "t", text = ClassifiableText }));

        var (exit, output, err) = await RunAsync("", "classify", "--", file, "--missing.json");

        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.True(first.RootElement.GetProperty("relevant").GetBoolean());
        Assert.Contains("'--missing.json': no such file", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Unrecognized", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parse-feed")]
    [InlineData("extract")]
    public async Task A_dash_named_file_after_double_dash_is_read_as_a_file(string command)
    {
        var (exit, output, err) = await RunAsync("", command, "--url", "https://feeds.example.org/rss", "--", "-no-such.xml");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("'-no-such.xml': no such file", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_option_value_prints_the_subcommand_usage_and_exits_2()
    {
        var (exit, _, err) = await RunAsync("", "extract", "page.html", "--url");

        Assert.Equal(2, exit);
        Assert.Contains("--url", err, StringComparison.Ordinal);
        Assert.Contains("Extract an article's text", err, StringComparison.Ordinal);
        Assert.DoesNotContain(RootDescription, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_with_empty_stdin_is_an_error_with_exit_2()
    {
        var (exit, output, err) = await RunAsync("", "classify");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("briwatch classify: no input: give FILE arguments or JSON lines on stdin", err.TrimEnd());
    }

    [Theory]
    [InlineData("parse-feed")]
    [InlineData("extract")]
    public async Task A_directory_as_file_is_called_a_directory_with_exit_2(string command)
    {
        var (exit, output, err) = await RunAsync("", command, dir);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"'{dir}' is a directory", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Classify_calls_a_directory_a_directory_and_exits_1()
    {
        var (exit, output, _) = await RunAsync("", "classify", dir);

        Assert.Equal(1, exit);
        Assert.Contains($"'{dir}' is a directory", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parse-feed")]
    [InlineData("extract")]
    public async Task A_missing_file_says_no_such_file_with_exit_2(string command)
    {
        var (exit, _, err) = await RunAsync("", command, "/no/such/input");

        Assert.Equal(2, exit);
        Assert.Contains("'/no/such/input': no such file", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_refuses_binary_input_with_exit_2()
    {
        var bytes = new byte[2048];
        new Random(7).NextBytes(bytes);
        var file = Path.Combine(dir, "random.html");
        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);

        var (exit, output, err) = await RunAsync("", "extract", file);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("is not text or markup", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("ftp://x/")]
    [InlineData("mailto:news@example.org")]
    [InlineData("file:///tmp/feed.xml")]
    public async Task Parse_feed_requires_an_http_or_https_url_with_exit_2(string url)
    {
        var file = Write("feed.xml", Support.DemoFeeds.ThreeItems("http://feeds.example.org"));

        var (exit, output, err) = await RunAsync("", "parse-feed", file, "--url", url);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("absolute http(s) URL", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_caps_its_input_at_the_crawler_response_cap()
    {
        var cap = new CrawlerOptions().MaxResponseBytes;
        Assert.Equal(10L * 1024 * 1024, cap);
        Assert.Equal(ClassifyCommand.MaxInputBytes, cap);
        Assert.Equal(cap, CommandLineInput.MaxBytes);

        var huge = Path.Combine(dir, "huge.xml");
        await using (var stream = File.Create(huge))
        {
            stream.SetLength(cap + 1);
        }

        foreach (var command in new[] { "parse-feed", "extract" })
        {
            var (exit, output, err) = await RunAsync("", command, huge);
            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Contains("is larger than 10 MB", err, StringComparison.Ordinal);
        }

        var (classifyExit, classifyOutput, _) = await RunAsync("", "classify", huge);
        Assert.Equal(1, classifyExit);
        Assert.Contains("is larger than 10 MB", classifyOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_codes_follow_the_documented_rule()
    {
        var feed = Write("feed.xml", Support.DemoFeeds.ThreeItems("http://feeds.example.org"));
        var page = Write("page.html", "<!doctype html><html><body></body></html>");
        var good = JsonSerializer.Serialize(new { title = "t", text = ClassifiableText });

        // 0: success.
        Assert.Equal(0, (await RunAsync("", "parse-feed", feed)).Exit);
        Assert.Equal(0, (await RunAsync(good + "\n", "classify")).Exit);

        // 2: usage errors.
        Assert.Equal(2, (await RunAsync("", "extract")).Exit);
        Assert.Equal(2, (await RunAsync("", "parse-feed", feed, "extra")).Exit);
        Assert.Equal(2, (await RunAsync("", "extract", page, "--url", "not a url")).Exit);
        Assert.Equal(2, (await RunAsync("", "classify")).Exit);

        // 2: the only input of parse-feed or extract gave nothing.
        Assert.Equal(2, (await RunAsync("", "parse-feed", page)).Exit);
        Assert.Equal(2, (await RunAsync("", "extract", page)).Exit);

        // 1: classify wrote an error object for some of its inputs.
        Assert.Equal(1, (await RunAsync(good + "\n{not json\n", "classify")).Exit);
    }

    [Fact]
    public async Task Classify_prints_Chinese_text_as_is()
    {
        var (exit, output, _) = await RunAsync("{\"text\":\"中国\",\"published\":\"1/2/2020\"}\n", "classify");

        Assert.Equal(1, exit);
        Assert.Contains("\"error\":\"invalid published: '1/2/2020' is not an ISO 8601 date\"", output, StringComparison.Ordinal);

        var url = "https://example.test/中国/新闻";
        (exit, output, _) = await RunAsync(JsonSerializer.Serialize(new { title = "中国", text = ClassifiableText, url }) + "\n", "classify");

        Assert.Equal(0, exit);
        Assert.Contains(url, output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", output, StringComparison.Ordinal);
    }

    private const string ClassifiableText = "Chinese carmaker BYD opened its electric vehicle plant in Camaçari, Bahia, an investment of US$1 billion, deepening industrial cooperation between China and Brazil.";

    private string Write(string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
