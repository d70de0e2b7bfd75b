using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Cli;

/// <summary><c>briwatch parse-feed FILE [--url URL] [--content-type TYPE]</c>: prints the parsed feed as one JSON object.</summary>
public static class ParseFeedCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        Converters = { new UtcDateConverter() },
    };

    /// <returns>
    /// 0 when anything was parsed; 2 (with a one-line error on stderr) when nothing could be: a bad <c>--url</c>, a file that
    /// is missing, a directory, larger than <see cref="CommandLineInput.MaxBytes"/> or unreadable, or no feed.
    /// </returns>
    public static int Run(string file, string? url, string? contentType, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        Uri? baseUri = null;
        if (url is not null
            && (!Uri.TryCreate(url, UriKind.Absolute, out baseUri) || baseUri.Scheme is not ("http" or "https")))
        {
            stderr.WriteLine($"error: --url '{url}' is not an absolute http(s) URL");
            return 2;
        }

        if (!CommandLineInput.TryRead(file, out var body, out var readError))
        {
            stderr.WriteLine("error: " + readError.ReplaceLineEndings(" "));
            return 2;
        }

        ParsedFeed feed;
        try
        {
            feed = FeedParser.Parse(body, baseUri, contentType);
        }
        catch (FeedParseException ex)
        {
            stderr.WriteLine($"error: {file}: {ex.Message}");
            return 2;
        }

        if (feed.Error is not null)
        {
            stderr.WriteLine($"warning: {file}: {feed.Error}");
        }

        stdout.WriteLine(JsonSerializer.Serialize(ToOutput(feed), Json));
        return 0;
    }

    private static object ToOutput(ParsedFeed feed) => new
    {
        format = feed.Format,
        encoding = feed.Encoding,
        wellFormed = feed.WellFormed,
        feed = new
        {
            title = feed.Feed.Title,
            link = feed.Feed.Link,
            subtitle = feed.Feed.Subtitle,
            language = feed.Feed.Language,
            updated = feed.Feed.Updated,
            author = feed.Feed.Author,
        },
        items = feed.Items.Select(i => new
        {
            id = i.Id,
            title = i.Title,
            link = i.Link,
            published = i.Published,
            updated = i.Updated,
            summary = i.Summary,
            content = i.Content,
            author = i.Author,
            categories = i.Categories,
            enclosures = i.Enclosures.Select(e => new { url = e.Url, type = e.Type, length = e.Length }),
        }),
    };

    private sealed class UtcDateConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
