using System.Text.Encodings.Web;
using System.Text;
using System.Text.Json;
using BriWatch.Crawler.Extraction;

namespace BriWatch.Crawler.Cli;

/// <summary>
/// <c>briwatch extract FILE.html [--url URL]</c>: prints the extracted article as one JSON object. Exit code 0, or 2 with a
/// one-line error on stderr when nothing could be extracted: a bad <c>--url</c>, a file that is missing, a directory, larger
/// than <see cref="CommandLineInput.MaxBytes"/> or unreadable, binary rather than text or markup, or without article text.
/// </summary>
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

        if (!CommandLineInput.TryRead(file, out var body, out var readError))
        {
            return Fail(stderr, readError);
        }

        if (!LooksLikeText(body))
        {
            return Fail(stderr, $"'{file}' is not text or markup (it holds NUL or control bytes)");
        }

        ExtractedArticle article;
        using (var stream = new MemoryStream(body, writable: false))
        {
            article = new ArticleExtractor().Extract(stream, pageUrl);
        }

        if (article.Refusal is { } refusal)
        {
            return Fail(stderr, $"{file}: {refusal}");
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

    /// <summary>
    /// False for binary data: a NUL byte, or more than 5% C0 control bytes other than whitespace and the escape and shift
    /// bytes of the ISO-2022 encodings. A UTF-16 or UTF-32 byte order mark is honoured (such pages legitimately hold NULs).
    /// </summary>
    internal static bool LooksLikeText(ReadOnlySpan<byte> body)
    {
        string? decoded = body switch
        {
            [0xFF, 0xFE, 0, 0, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: true).GetString(body[4..]),
            [0, 0, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true).GetString(body[4..]),
            [0xFF, 0xFE, ..] => Encoding.Unicode.GetString(body[2..]),
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode.GetString(body[2..]),
            _ => null,
        };
        var controls = 0;
        var length = decoded?.Length ?? body.Length;
        for (var i = 0; i < length; i++)
        {
            int c = decoded is null ? body[i] : decoded[i];
            if (c == 0)
            {
                return false;
            }

            if ((c < 0x20 && c is not ('\t' or '\n' or '\r' or '\f' or '\v' or 0x1B or 0x0E or 0x0F)) || c == 0x7F)
            {
                controls++;
            }
        }

        return controls * 20L <= length;
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
