using System.Text.Json;

namespace BriWatch.Crawler.Feeds;

/// <summary>JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).</summary>
internal static class JsonFeedReader
{
    public static ParsedFeed Read(string json, string encoding, Uri? fetchUrl)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new FeedParseException($"not a feed: invalid JSON at line {ex.LineNumber + 1}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Str(root, "version") is not { } version || !version.Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase))
            {
                throw new FeedParseException("not a feed: JSON without a jsonfeed.org version");
            }

            var link = Str(root, "home_page_url");
            var baseUri = fetchUrl ?? (Uri.TryCreate(link, UriKind.Absolute, out var l) ? l : null);
            var feed = new FeedInfo
            {
                Title = Str(root, "title"),
                Link = UrlResolver.Resolve(baseUri, link),
                Subtitle = Str(root, "description"),
                Language = Str(root, "language"),
                Author = Author(root),
            };
            var items = root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => Item(i, baseUri)).ToList()
                : [];
            var format = version.EndsWith("1.1", StringComparison.Ordinal) ? "jsonfeed11" : "jsonfeed10";
            return new ParsedFeed(format, encoding, true, null, feed, items);
        }
    }

    private static FeedItem Item(JsonElement item, Uri? baseUri)
    {
        var html = Str(item, "content_html");
        return new FeedItem
        {
            Id = Str(item, "id") ?? (item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetRawText() : null),
            Title = Str(item, "title"),
            Link = UrlResolver.Resolve(baseUri, Str(item, "url") ?? Str(item, "external_url")),
            Published = FeedDates.Parse(Str(item, "date_published")),
            Updated = FeedDates.Parse(Str(item, "date_modified")),
            Summary = Str(item, "summary"),
            Content = html is not null ? FeedHtmlSanitizer.Sanitize(html, baseUri) : Str(item, "content_text"),
            Author = Author(item),
            Language = Str(item, "language"),
            Categories = item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList()
                : [],
            Enclosures = item.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
                ? attachments.EnumerateArray()
                    .Where(a => a.ValueKind == JsonValueKind.Object && Str(a, "url") is not null)
                    .Select(a => new FeedEnclosure(
                        UrlResolver.Resolve(baseUri, Str(a, "url"))!,
                        Str(a, "mime_type"),
                        a.TryGetProperty("size_in_bytes", out var size) && size.TryGetInt64(out var n) ? n : null))
                    .ToList()
                : [],
        };
    }

    private static string? Author(JsonElement element)
    {
        if (element.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
        {
            return authors.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(a => Str(a, "name")).FirstOrDefault(n => n is not null);
        }

        return element.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object ? Str(author, "name") : null;
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;
}
