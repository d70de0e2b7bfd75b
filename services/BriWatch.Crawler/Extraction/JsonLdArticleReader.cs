using System.Net;
using System.Text.Json;
using AngleSharp.Dom;

namespace BriWatch.Crawler.Extraction;

/// <summary>
/// Finds the schema.org Article in a page's JSON-LD blocks.
/// SmartReader reads JSON-LD too but exposes neither articleBody nor the canonical url, so the blocks are read here.
/// </summary>
internal static class JsonLdArticleReader
{
    private const int MaxDepth = 16;

    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Article", "NewsArticle", "ReportageNews", "AnalysisNewsArticle", "BackgroundNewsArticle",
        "OpinionNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting", "LiveBlogPosting",
        "Report", "ScholarlyArticle", "TechArticle", "SatiricalArticle",
    };

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static JsonLdArticle? Read(IDocument document)
    {
        var nodes = new List<JsonElement>();
        var documents = new List<JsonDocument>();
        try
        {
            foreach (var script in document.QuerySelectorAll("script[type]"))
            {
                var type = script.GetAttribute("type") ?? string.Empty;
                if (!type.Trim().StartsWith("application/ld+json", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var json = Parse(script.TextContent);
                if (json is not null)
                {
                    documents.Add(json);
                    Collect(json.RootElement, nodes, 0);
                }
            }

            var byId = IndexById(nodes);
            var articles = nodes.Where(IsArticle).ToList();
            if (articles.Count == 0)
            {
                return null;
            }

            // A page may describe related articles too; the one carrying a body is the page's own.
            var withBody = articles.FindIndex(a => Text(a, "articleBody") is not null);
            var article = articles[Math.Max(withBody, 0)];
            return new JsonLdArticle(
                Headline: Headline(article, document.Title),
                Body: Text(article, "articleBody"),
                Author: Author(article, byId),
                DatePublished: Text(article, "datePublished") ?? Text(article, "dateCreated"),
                Language: Language(article),
                Url: Reference(article, "url") ?? Reference(article, "mainEntityOfPage"));
        }
        finally
        {
            foreach (var json in documents)
            {
                json.Dispose();
            }
        }
    }

    private static JsonDocument? Parse(string text)
    {
        // Sites wrap JSON-LD in CDATA or HTML comments and leave trailing semicolons; none of that is JSON.
        var trimmed = text.Trim()
            .Replace("<![CDATA[", string.Empty, StringComparison.Ordinal)
            .Replace("]]>", string.Empty, StringComparison.Ordinal)
            .Trim()
            .TrimStart('<', '!', '-')
            .TrimEnd(';', '>', '-')
            .Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(trimmed, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Collect(JsonElement element, List<JsonElement> nodes, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, nodes, depth + 1);
                }

                break;
            case JsonValueKind.Object:
                nodes.Add(element);
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, nodes, depth + 1);
                }

                break;
        }
    }

    private static Dictionary<string, JsonElement> IndexById(List<JsonElement> nodes)
    {
        var byId = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            // Only full nodes are indexed: a bare {"@id": ...} is a reference, not a definition.
            if (node.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String
                && node.EnumerateObject().Count() > 1)
            {
                byId.TryAdd(id.GetString()!, node);
            }
        }

        return byId;
    }

    private static bool IsArticle(JsonElement node)
    {
        if (!node.TryGetProperty("@type", out var type))
        {
            return false;
        }

        var types = type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array => type.EnumerateArray()
                .Where(t => t.ValueKind == JsonValueKind.String)
                .Select(t => t.GetString()!)
                .ToArray(),
            _ => Array.Empty<string>(),
        };

        // "schema:NewsArticle" and "http://schema.org/NewsArticle" name the same type.
        return types.Any(t => ArticleTypes.Contains(t[(t.LastIndexOfAny(['/', ':', '#']) + 1)..]));
    }

    private static string? Text(JsonElement node, string property)
    {
        if (!node.TryGetProperty(property, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => value.EnumerateArray()
                .Where(v => v.ValueKind == JsonValueKind.String)
                .Select(v => v.GetString())
                .FirstOrDefault(),
            JsonValueKind.Object when value.TryGetProperty("@value", out var inner)
                && inner.ValueKind == JsonValueKind.String => inner.GetString(),
            _ => null,
        };

        // Publishers often HTML-escape JSON-LD strings ("&amp;", "&#8217;").
        return string.IsNullOrWhiteSpace(text) ? null : WebUtility.HtmlDecode(text).Trim();
    }

    private static string? Headline(JsonElement article, string? pageTitle)
    {
        var headline = Text(article, "headline");
        var name = Text(article, "name");
        if (headline is null || name is null || pageTitle is null)
        {
            return headline ?? name;
        }

        // Some sites put their own name in "name", others (Wikipedia) a description in "headline": like Mozilla
        // Readability, take the headline only when the <title> repeats it and not the name.
        var nameMatches = Similarity(name, pageTitle) > 0.75;
        var headlineMatches = Similarity(headline, pageTitle) > 0.75;
        return headlineMatches && !nameMatches ? headline : name;
    }

    /// <summary>
    /// Share of <paramref name="title"/>'s text made of words that also occur in <paramref name="candidate"/>,
    /// as Mozilla Readability measures it (SmartReader keeps its copy internal).
    /// </summary>
    private static double Similarity(string candidate, string title)
    {
        var candidateWords = Words(candidate).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var titleWords = Words(title).ToList();
        var total = string.Join(' ', titleWords).Length;
        var unmatched = string.Join(' ', titleWords.Where(w => !candidateWords.Contains(w))).Length;
        return total == 0 ? 0 : 1 - ((double)unmatched / total);
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim(',', '.', ':', ';', '|', '-', '!', '?'));

    private static string? Reference(JsonElement node, string property)
    {
        if (!node.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => Text(value, "@id") ?? Text(value, "url"),
            _ => null,
        };
    }

    private static string? Language(JsonElement node)
    {
        if (!node.TryGetProperty("inLanguage", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => Text(value, "alternateName") ?? Text(value, "name"),
            _ => null,
        };
    }

    private static string? Author(JsonElement node, Dictionary<string, JsonElement> byId)
    {
        if (!node.TryGetProperty("author", out var value) && !node.TryGetProperty("creator", out value))
        {
            return null;
        }

        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        var names = items
            .Select(item => AuthorName(item, byId))
            .Where(name => !string.IsNullOrWhiteSpace(name))
            .Select(name => name!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    private static string? AuthorName(JsonElement item, Dictionary<string, JsonElement> byId)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.String:
                var text = WebUtility.HtmlDecode(item.GetString()!).Trim();
                return Uri.TryCreate(text, UriKind.Absolute, out _) ? null : text;
            case JsonValueKind.Object:
                var name = Text(item, "name");
                if (name is null && Text(item, "@id") is { } id && byId.TryGetValue(id, out var target))
                {
                    name = Text(target, "name");
                }

                return name;
            default:
                return null;
        }
    }
}
