using System.Text.Json;
using BriWatch.Crawler.Extraction;

namespace BriWatch.Crawler.Tests.Extraction;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("briwatch-extract-").FullName;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _stdout.Dispose();
        _stderr.Dispose();
    }

    [Fact]
    public void Prints_one_camelCase_JSON_object_for_a_good_page()
    {
        var file = Write("article.html", ArticlePages.Page("""
            <meta property="og:title" content="Khorgos terminal opens">
            <meta property="article:published_time" content="2026-11-23T09:30:00+08:00">
            <meta name="author" content="Li Wei">
            <link rel="canonical" href="/2026/khorgos">
            """, "lang=\"en\""));

        var exit = ExtractCommand.Run(file, "https://news.example.com/amp/khorgos", _stdout, _stderr);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, _stderr.ToString());
        using var json = JsonDocument.Parse(_stdout.ToString());
        var root = json.RootElement;
        Assert.Equal(
            ["title", "text", "author", "published", "language", "canonicalUrl", "method"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("Khorgos terminal opens", root.GetProperty("title").GetString());
        Assert.Contains("two million containers", root.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("Li Wei", root.GetProperty("author").GetString());
        Assert.Equal("2026-11-23T01:30:00Z", root.GetProperty("published").GetString());
        Assert.Equal("en", root.GetProperty("language").GetString());
        Assert.Equal("https://news.example.com/2026/khorgos", root.GetProperty("canonicalUrl").GetString());
        Assert.Equal("readability", root.GetProperty("method").GetString());
    }

    [Fact]
    public void Prints_null_for_metadata_the_page_lacks()
    {
        var file = Write("bare.html", $"<html><body><article><p>{ArticlePages.BodyParagraph1}</p></article></body></html>");

        Assert.Equal(0, ExtractCommand.Run(file, null, _stdout, _stderr));

        using var json = JsonDocument.Parse(_stdout.ToString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("published").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("canonicalUrl").ValueKind);
    }

    [Fact]
    public void Missing_file_exits_2_with_a_one_line_error()
    {
        var exit = ExtractCommand.Run(Path.Combine(_dir, "nope.html"), null, _stdout, _stderr);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, _stdout.ToString());
        AssertOneLineError("file not found");
    }

    [Fact]
    public void Empty_file_exits_2_because_no_text_could_be_extracted()
    {
        var file = Write("empty.html", string.Empty);

        Assert.Equal(2, ExtractCommand.Run(file, null, _stdout, _stderr));
        Assert.Equal(string.Empty, _stdout.ToString());
        AssertOneLineError("no article text");
    }

    [Fact]
    public void A_directory_instead_of_a_file_exits_2()
    {
        Assert.Equal(2, ExtractCommand.Run(_dir, null, _stdout, _stderr));
        AssertOneLineError("cannot read");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.com/a.html")]
    public void Invalid_url_option_exits_2(string url)
    {
        var file = Write("article.html", ArticlePages.Page());

        Assert.Equal(2, ExtractCommand.Run(file, url, _stdout, _stderr));
        AssertOneLineError("--url");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private void AssertOneLineError(string expected)
    {
        var error = _stderr.ToString();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
