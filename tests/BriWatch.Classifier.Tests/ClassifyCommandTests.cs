using System.Text.Json;
using System.Text.Json.Nodes;
using BriWatch.Classifier.Cli;
using BriWatch.Classifier.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Classifier.Tests;

public sealed class ClassifyCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bw-classify-").FullName;
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();

    public void Dispose()
    {
        Directory.Delete(directory, recursive: true);
        stdout.Dispose();
        stderr.Dispose();
    }

    [Fact]
    public async Task Classifies_a_JSON_file_into_one_line_with_every_field()
    {
        var file = Write("byd.json", JsonSerializer.Serialize(new { title = Articles.BydTitle, text = Articles.BydText, url = "https://example.test/byd", published = "2024-12-10" }));

        var exit = await RunAsync([file], "");

        Assert.Equal(0, exit);
        var line = Assert.Single(Lines());
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(file, root.GetProperty("input").GetString());
        Assert.True(root.GetProperty("relevant").GetBoolean());
        Assert.InRange(root.GetProperty("score").GetDouble(), 0.4, 1);
        Assert.Contains("manufacturing", root.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("HU", root.GetProperty("countries").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("en", root.GetProperty("language").GetString());
        Assert.Equal("https://example.test/byd", root.GetProperty("storyId").GetString());
        var entity = root.GetProperty("entities")[0];
        Assert.True(entity.TryGetProperty("kind", out _) && entity.TryGetProperty("name", out _) && entity.TryGetProperty("start", out _) && entity.TryGetProperty("length", out _));
        Assert.True(root.GetProperty("evidence").GetArrayLength() > 0);
        Assert.True(root.TryGetProperty("amountUsd", out _));
        Assert.True(root.TryGetProperty("stage", out _));
    }

    [Fact]
    public async Task A_line_is_the_classification_as_the_classifier_gives_it_after_input_id_url_and_story()
    {
        var file = Write("byd.json", JsonSerializer.Serialize(new { title = Articles.BydTitle, text = Articles.BydText, url = "https://example.test/byd", published = "2024-12-10" }));

        await RunAsync([file], "");

        var expected = JsonSerializer.SerializeToNode(
            TestClassifier.Classify(Articles.BydTitle, Articles.BydText, "2024-12-10"), ClassifyJson.Options)!.AsObject();
        var line = JsonNode.Parse(Assert.Single(Lines()))!.AsObject();
        Assert.Equal(["input", "id", "url", "storyId", .. expected.Select(p => p.Key)], line.Select(p => p.Key));
        Assert.Equal(file, line["input"]!.GetValue<string>());
        Assert.Equal("https://example.test/byd", line["url"]!.GetValue<string>());
        foreach (var (name, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, line[name]), name);
        }
    }

    [Fact]
    public async Task Lists_every_amount_with_currency_USD_value_role_and_evidence()
    {
        var line = JsonSerializer.Serialize(new
        {
            title = "BNDES e banco chinês assinam financiamento",
            text = "O BNDES assinou um financiamento de 1,2 mil milhões de reais. O comércio entre o Brasil e a China somou 157 mil milhões de dólares no ano passado.",
            published = "2025-04-23",
        });

        var exit = await RunAsync([], line + "\n");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(Assert.Single(Lines()));
        var amounts = json.RootElement.GetProperty("amounts").EnumerateArray().ToList();
        Assert.Equal(2, amounts.Count);
        Assert.Equal(1.2e9, amounts[0].GetProperty("value").GetDouble());
        Assert.Equal("BRL", amounts[0].GetProperty("currency").GetString());
        Assert.Equal("loan", amounts[0].GetProperty("role").GetString());
        Assert.Equal("1,2 mil milhões de reais", amounts[0].GetProperty("evidence").GetString());
        Assert.Equal("background", amounts[1].GetProperty("role").GetString());
        Assert.Equal(157e9, amounts[1].GetProperty("amountUsd").GetDouble());
        Assert.Equal(amounts[0].GetProperty("amountUsd").GetDouble(), json.RootElement.GetProperty("amountUsd").GetDouble());
    }

    [Fact]
    public async Task Reads_JSON_lines_from_stdin_when_no_file_is_given_and_clusters_copies()
    {
        var line = JsonSerializer.Serialize(new { title = Articles.BydTitle, text = Articles.BydText });
        var copy = JsonSerializer.Serialize(new { title = "Hungary lands BYD plant", text = Articles.BydText + " Shares rose." });

        var exit = await RunAsync([], line + "\n\n" + copy + "\n");

        Assert.Equal(0, exit);
        var lines = Lines();
        Assert.Equal(2, lines.Count);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("line 1", first.RootElement.GetProperty("input").GetString());
        Assert.Equal("line 3", second.RootElement.GetProperty("input").GetString());
        Assert.Equal("line 1", second.RootElement.GetProperty("storyId").GetString());
    }

    [Fact]
    public async Task Invalid_JSON_line_gives_an_error_object_and_exit_code_1_while_other_lines_are_classified()
    {
        var good = JsonSerializer.Serialize(new { title = "t", text = Articles.BydText });

        var exit = await RunAsync([], good + "\n{not json\n" + good + "\n");

        Assert.Equal(1, exit);
        var lines = Lines();
        Assert.Equal(3, lines.Count);
        var error = Error(lines[1]);
        Assert.Equal("line 2", error.Input);
        Assert.StartsWith("invalid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 of 3", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"title\":\"only a title\"}", "missing text")]
    [InlineData("{\"title\":\"t\",\"text\":\"   \"}", "missing text")]
    [InlineData("{\"title\":\"t\",\"text\":42}", "invalid text: expected a string")]
    [InlineData("{\"text\":\"x\",\"published\":\"yesterday\"}", "invalid published")]
    [InlineData("[1,2]", "expected a JSON object")]
    public async Task Bad_input_gives_an_error_object(string input, string expected)
    {
        var exit = await RunAsync([], input);

        Assert.Equal(1, exit);
        var error = Error(Assert.Single(Lines()));
        Assert.Equal("line 1", error.Input);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_file_gives_an_error_object_and_the_next_file_is_still_classified()
    {
        var missing = Path.Combine(directory, "missing.json");
        var good = Write("good.json", JsonSerializer.Serialize(new { title = "t", text = Articles.BydText }));

        var exit = await RunAsync([missing, good], "");

        Assert.Equal(1, exit);
        var lines = Lines();
        Assert.Equal(2, lines.Count);
        var error = Error(lines[0]);
        Assert.Equal(missing, error.Input);
        Assert.StartsWith("unreadable file: ", error.Message, StringComparison.Ordinal);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(good, second.RootElement.GetProperty("input").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n\r\n")]
    public async Task No_input_on_stdin_is_an_error_with_exit_code_2(string stdin)
    {
        var exit = await RunAsync([], stdin);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.Equal("briwatch classify: no input: give FILE arguments or JSON lines on stdin", stderr.ToString().TrimEnd());
    }

    [Fact]
    public async Task A_directory_or_a_missing_file_is_named_plainly()
    {
        var missing = Path.Combine(directory, "missing.json");

        var exit = await RunAsync([directory, missing], "");

        Assert.Equal(1, exit);
        var lines = Lines();
        Assert.Equal($"unreadable file: '{directory}' is a directory", Error(lines[0]).Message);
        Assert.Equal($"unreadable file: '{missing}': no such file", Error(lines[1]).Message);
    }

    [Fact]
    public async Task A_file_larger_than_10_MB_gives_an_error_object()
    {
        var huge = Path.Combine(directory, "huge.json");
        using (var stream = File.Create(huge))
        {
            stream.SetLength(ClassifyCommand.MaxInputBytes + 1);
        }

        var exit = await RunAsync([huge], "");

        Assert.Equal(1, exit);
        Assert.Equal($"unreadable file: '{huge}' is larger than 10 MB", Error(Assert.Single(Lines())).Message);
    }

    [Fact]
    public async Task A_stdin_line_longer_than_10_MB_gives_an_error_object_and_later_lines_are_still_classified()
    {
        var good = JsonSerializer.Serialize(new { title = "t", text = Articles.BydText });
        var huge = "{\"title\":\"t\",\"text\":\"" + new string('x', (int)ClassifyCommand.MaxInputBytes) + "\"}";

        var exit = await RunAsync([], good + "\r\n" + huge + "\r\n" + good);

        Assert.Equal(1, exit);
        var lines = Lines();
        Assert.Equal(3, lines.Count);
        Assert.Equal(("line 2", "too large: the line is longer than 10 MB"), Error(lines[1]));
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal("line 3", third.RootElement.GetProperty("input").GetString());
    }

    [Fact]
    public async Task Output_keeps_quotes_and_Chinese_text_unescaped()
    {
        var exit = await RunAsync([], "{\"text\":\"中国与巴西签署合作协议\",\"published\":\"去年\"}\n");

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines());
        Assert.Contains("invalid published: '去年' is not an ISO 8601 date", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chinese_article_text_in_the_output_is_not_escaped()
    {
        var url = "https://example.test/新闻/比亚迪";
        var exit = await RunAsync([], JsonSerializer.Serialize(new { title = "比亚迪在匈牙利建厂", text = Articles.BydText, url }) + "\n");

        Assert.Equal(0, exit);
        var line = Assert.Single(Lines());
        Assert.Contains($"\"url\":\"{url}\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1/2/2020")]
    [InlineData("2020/01/02")]
    [InlineData("Jan 2, 2020")]
    [InlineData("2 January 2020")]
    [InlineData("2024-12-10 08:30")]
    [InlineData("2024-13-01")]
    [InlineData("")]
    public async Task Published_must_be_ISO_8601(string published)
    {
        var exit = await RunAsync([], JsonSerializer.Serialize(new { text = Articles.BydText, published }));

        Assert.Equal(1, exit);
        Assert.StartsWith("invalid published: ", Error(Assert.Single(Lines())).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-12-10")]
    [InlineData("2024-12-10T08:30Z")]
    [InlineData("2024-12-10T08:30:00+08:00")]
    [InlineData("2024-12-10T08:30:00.125Z")]
    [InlineData("2024-12-10T08:30:00")]
    [InlineData("2024-12-10T08:30:00+0800")]
    public async Task Published_accepts_ISO_8601_dates_and_times(string published)
    {
        var exit = await RunAsync([], JsonSerializer.Serialize(new { text = Articles.BydText, published }));

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Missing_taxonomy_gives_exit_code_2_and_a_clear_message()
    {
        var exit = await ClassifyCommand.RunAsync([], new StringReader(""), stdout, stderr, TimeProvider.System, Path.Combine(directory, "nope"), TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("does not exist", stderr.ToString(), StringComparison.Ordinal);
    }

    private static (string Input, string Message) Error(string line)
    {
        using var json = JsonDocument.Parse(line);
        return (json.RootElement.GetProperty("input").GetString()!, json.RootElement.GetProperty("error").GetString()!);
    }

    private Task<int> RunAsync(string[] files, string stdin) =>
        ClassifyCommand.RunAsync(files, new StringReader(stdin), stdout, stderr, new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)), null, TestContext.Current.CancellationToken);

    private List<string> Lines() => [.. stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
