using System.Text.Json;
using BriWatch.Crawler.Cli;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Cli;

public sealed class ParseFeedCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("briwatch-parse-feed-").FullName;

    [Fact]
    public void Prints_one_json_object_with_the_documented_shape_and_exits_0()
    {
        var file = Write("feed.xml", Samples.Rss(("Summit opens", "articles/summit?utm_source=x")));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = ParseFeedCommand.Run(file, "https://news.example.org/rss.xml", "application/rss+xml", stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr.ToString());
        using var json = JsonDocument.Parse(stdout.ToString());
        var root = json.RootElement;
        Assert.Equal(["format", "encoding", "wellFormed", "feed", "items"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("rss20", root.GetProperty("format").GetString());
        Assert.Equal("utf-8", root.GetProperty("encoding").GetString());
        Assert.True(root.GetProperty("wellFormed").GetBoolean());
        Assert.Equal(["title", "link", "subtitle", "language", "updated", "author"], root.GetProperty("feed").EnumerateObject().Select(p => p.Name));
        var item = root.GetProperty("items")[0];
        Assert.Equal(
            ["id", "title", "link", "published", "updated", "summary", "content", "author", "categories", "enclosures"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2024-03-05T00:30:00Z", item.GetProperty("published").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("updated").ValueKind);
        Assert.Equal("https://news.example.org/articles/summit?utm_source=x", item.GetProperty("link").GetString());
    }

    [Fact]
    public void Exits_2_with_one_line_on_stderr_when_the_file_is_missing()
    {
        var stderr = new StringWriter();

        var exit = ParseFeedCommand.Run(Path.Combine(folder, "absent.xml"), null, null, new StringWriter(), stderr);

        Assert.Equal(2, exit);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
        Assert.Contains("absent.xml': no such file", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exits_2_saying_a_directory_is_a_directory()
    {
        var stderr = new StringWriter();

        var exit = ParseFeedCommand.Run(folder, null, null, new StringWriter(), stderr);

        Assert.Equal(2, exit);
        Assert.Equal($"error: '{folder}' is a directory", stderr.ToString().TrimEnd());
    }

    [Fact]
    public void Exits_2_for_a_file_larger_than_the_crawler_response_cap()
    {
        var file = Path.Combine(folder, "huge.xml");
        using (var stream = File.Create(file))
        {
            stream.SetLength(new CrawlerOptions().MaxResponseBytes + 1);
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = ParseFeedCommand.Run(file, null, null, stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.Equal($"error: '{file}' is larger than 10 MB", stderr.ToString().TrimEnd());
    }

    [Fact]
    public void Exits_2_when_the_file_is_an_html_page()
    {
        var file = Write("page.html", "<!doctype html><html><body>hello</body></html>");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = ParseFeedCommand.Run(file, null, null, stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.EndsWith("not a feed: HTML page", stderr.ToString().TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exits_0_and_reports_well_formed_false_for_a_recovered_feed()
    {
        var file = Write("broken.xml", "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item><item>");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = ParseFeedCommand.Run(file, null, null, stdout, stderr);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout.ToString());
        Assert.False(json.RootElement.GetProperty("wellFormed").GetBoolean());
        Assert.StartsWith("warning:", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not/absolute")]
    [InlineData("file:///etc/feed.xml")]
    [InlineData("ftp://x/")]
    [InlineData("mailto:news@example.org")]
    public void Rejects_a_url_option_that_is_not_absolute_http_or_https(string url)
    {
        var file = Write("feed.xml", Samples.Rss());
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        Assert.Equal(2, ParseFeedCommand.Run(file, url, null, stdout, stderr));
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.Equal($"error: --url '{url}' is not an absolute http(s) URL", stderr.ToString().TrimEnd());
    }

    [Theory]
    [InlineData("http://news.example.org/rss.xml")]
    [InlineData("https://news.example.org/rss.xml")]
    public void Accepts_an_http_or_https_url_option(string url)
    {
        var file = Write("feed.xml", Samples.Rss());

        Assert.Equal(0, ParseFeedCommand.Run(file, url, null, new StringWriter(), new StringWriter()));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
