using System.Text.Encodings.Web;
using System.Text.Json;

namespace BriWatch.Crawler.Extraction;

/// <summary><c>briwatch extract FILE.html [--url URL]</c>: prints the extracted article as one JSON object.</summary>
public static class ExtractCommand
{
    public const int Success = 0;
    public const int Failure = 2;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        // Articles are often Chinese or Russian; keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Run(string file, string? url, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (string.IsNullOrWhiteSpace(file))
        {
            return Fail(stderr, "no input file given");
        }

        Uri? pageUrl = null;
        if (url is not null
            && (!Uri.TryCreate(url, UriKind.Absolute, out pageUrl) || pageUrl.Scheme is not ("http" or "https")))
        {
            return Fail(stderr, $"--url must be an absolute http(s) URL, got '{url}'");
        }

        ExtractedArticle article;
        try
        {
            using var stream = File.OpenRead(file);
            article = new ArticleExtractor().Extract(stream, pageUrl);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(stderr, $"file not found: {file}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Fail(stderr, $"cannot read {file}: {ex.Message}");
        }

        if (!article.HasText)
        {
            return Fail(stderr, $"no article text could be extracted from {file}");
        }

        var output = new ExtractOutput(
            article.Title,
            article.Text,
            article.Author,
            article.Published?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            article.Language,
            article.CanonicalUrl?.AbsoluteUri,
            article.Method);
        stdout.WriteLine(JsonSerializer.Serialize(output, JsonOptions));
        return Success;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("extract: " + message.ReplaceLineEndings(" "));
        return Failure;
    }

    private sealed record ExtractOutput(
        string? Title,
        string Text,
        string? Author,
        string? Published,
        string? Language,
        string? CanonicalUrl,
        string Method);
}
