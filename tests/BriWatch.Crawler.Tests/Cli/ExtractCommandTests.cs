using System.Text.Json;
using BriWatch.Crawler.Cli;
using BriWatch.Crawler.Tests.Extraction;

namespace BriWatch.Crawler.Tests.Cli;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("briwatch-extract-").FullName;
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();

    public void Dispose()
    {
        Directory.Delete(dir, recursive: true);
        stdout.Dispose();
        stderr.Dispose();
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

        var exit = ExtractCommand.Run(file, "https://news.example.com/amp/khorgos", stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr.ToString());
        using var json = JsonDocument.Parse(stdout.ToString());
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

        Assert.Equal(0, ExtractCommand.Run(file, null, stdout, stderr));

        using var json = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("published").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("canonicalUrl").ValueKind);
    }

    [Fact]
    public void Missing_file_exits_2_with_a_one_line_error()
    {
        var exit = ExtractCommand.Run(Path.Combine(dir, "nope.html"), null, stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout.ToString());
        AssertOneLineError("nope.html': no such file");
    }

    [Fact]
    public void Empty_file_exits_2_because_no_text_could_be_extracted()
    {
        var file = Write("empty.html", string.Empty);

        Assert.Equal(2, ExtractCommand.Run(file, null, stdout, stderr));
        Assert.Equal(string.Empty, stdout.ToString());
        AssertOneLineError("no article text");
    }

    [Fact]
    public void A_directory_instead_of_a_file_exits_2()
    {
        Assert.Equal(2, ExtractCommand.Run(dir, null, stdout, stderr));
        AssertOneLineError($"extract: '{dir}' is a directory");
    }

    [Fact]
    public void A_file_larger_than_the_crawler_response_cap_exits_2()
    {
        var file = Path.Combine(dir, "huge.html");
        using (var stream = File.Create(file))
        {
            stream.SetLength(new CrawlerOptions().MaxResponseBytes + 1);
        }

        Assert.Equal(2, ExtractCommand.Run(file, null, stdout, stderr));
        Assert.Equal(string.Empty, stdout.ToString());
        AssertOneLineError("is larger than 10 MB");
    }

    [Fact]
    public void Random_bytes_are_refused_as_not_text()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        var file = Path.Combine(dir, "random.bin");
        File.WriteAllBytes(file, bytes);

        Assert.Equal(2, ExtractCommand.Run(file, null, stdout, stderr));
        Assert.Equal(string.Empty, stdout.ToString());
        AssertOneLineError("is not text or markup");
    }

    [Fact]
    public void A_page_with_a_NUL_byte_is_refused_as_not_text()
    {
        var file = Path.Combine(dir, "nul.html");
        File.WriteAllBytes(file, [.. System.Text.Encoding.UTF8.GetBytes(ArticlePages.Page()), 0]);

        Assert.Equal(2, ExtractCommand.Run(file, null, stdout, stderr));
        AssertOneLineError("is not text or markup");
    }

    [Fact]
    public void Control_bytes_without_NUL_are_refused_as_not_text()
    {
        var file = Path.Combine(dir, "controls.html");
        File.WriteAllBytes(file, [.. Enumerable.Range(0, 200).Select(i => (byte)(1 + (i % 7))), .. "<p>hello</p>"u8.ToArray()]);

        Assert.Equal(2, ExtractCommand.Run(file, null, stdout, stderr));
        AssertOneLineError("is not text or markup");
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void A_utf16_page_with_a_byte_order_mark_is_text(string encoding)
    {
        var file = Path.Combine(dir, "utf16.html");
        File.WriteAllText(file, ArticlePages.Page(), System.Text.Encoding.GetEncoding(encoding));

        Assert.True(ExtractCommand.LooksLikeText(File.ReadAllBytes(file)));
    }

    [Fact]
    public void Text_in_legacy_encodings_is_text()
    {
        // ISO-2022-JP uses ESC; GBK and windows-1251 bytes are not UTF-8 but are text.
        Assert.True(ExtractCommand.LooksLikeText("\u001b$B$3$s$K$A$O\u001b(B\t\r\n"u8));
        Assert.True(ExtractCommand.LooksLikeText([0xD6, 0xD0, 0xB9, 0xFA, 0x0A, 0xCF, 0xF0, 0xE5, 0xF1, 0xF1]));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.com/a.html")]
    public void Invalid_url_option_exits_2(string url)
    {
        var file = Write("article.html", ArticlePages.Page());

        Assert.Equal(2, ExtractCommand.Run(file, url, stdout, stderr));
        AssertOneLineError("--url");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private void AssertOneLineError(string expected)
    {
        var error = stderr.ToString();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
