using System.Net;
using AngleSharp.Dom;

namespace BriWatch.Crawler.Extraction;

/// <summary>
/// Reads Open Graph, Dublin Core, Twitter and plain meta tags plus link rel=canonical and html lang.
/// SmartReader covers title, byline and date but not the canonical URL or og:locale, so all of them are read here in one pass.
/// </summary>
internal static class MetaTagReader
{
    // Keys are lower-cased with '.' read as ':' (so "DC.title" is "dc:title"); order is preference, as in Mozilla Readability.
    private static readonly string[] TitleKeys =
    [
        "dc:title", "dcterm:title", "dcterms:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title",
        "twitter:title", "parsely-title", "sailthru:title", "headline",
    ];

    private static readonly string[] AuthorKeys =
    [
        "dc:creator", "dcterm:creator", "dcterms:creator", "author", "article:author", "parsely-author",
        "sailthru:author", "byl", "twitter:creator",
    ];

    private static readonly string[] PublishedKeys =
    [
        "article:published_time", "og:article:published_time", "datepublished", "og:published_time",
        "published_time", "parsely-pub-date", "sailthru:date", "dc:date:issued", "dcterms:issued", "dc:date",
        "dcterms:date", "dcterms:created", "pubdate", "publishdate", "publish-date", "date",
    ];

    private static readonly string[] DescriptionKeys =
        ["dc:description", "dcterm:description", "og:description", "description", "twitter:description"];

    public static PageMetadata Read(IDocument document)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var metas = document.QuerySelectorAll("meta[content]");

        // RDFa "property" outranks "name", then microdata "itemprop"; within one kind the first tag wins.
        foreach (var attribute in (string[])["property", "name", "itemprop"])
        {
            foreach (var meta in metas)
            {
                var content = meta.GetAttribute("content");
                if (string.IsNullOrWhiteSpace(content))
                {
                    continue;
                }

                // One tag may name several properties: property="og:title twitter:title".
                var keys = (meta.GetAttribute(attribute) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var key in keys)
                {
                    values.TryAdd(key.ToLowerInvariant().Replace('.', ':'), WebUtility.HtmlDecode(content).Trim());
                }
            }
        }

        return new PageMetadata(
            Title: First(values, TitleKeys),
            Author: Author(values),
            Published: First(values, PublishedKeys) ?? TimeElementDate(document),
            Language: Language(document, values),
            Canonical: Canonical(document) ?? First(values, ["og:url"]),
            Description: First(values, DescriptionKeys));
    }

    private static string? First(Dictionary<string, string> values, string[] keys)
    {
        foreach (var key in keys)
        {
            if (values.TryGetValue(key, out var value) && value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }

    private static string? Author(Dictionary<string, string> values)
    {
        foreach (var key in AuthorKeys)
        {
            // article:author and twitter:creator are often a profile URL or a handle, not a name.
            if (values.TryGetValue(key, out var value) && value.Length > 0
                && !Uri.TryCreate(value, UriKind.Absolute, out _) && !value.StartsWith('@'))
            {
                return value.StartsWith("By ", StringComparison.OrdinalIgnoreCase) ? value[3..].Trim() : value;
            }
        }

        return null;
    }

    private static string? Language(IDocument document, Dictionary<string, string> values)
    {
        var lang = document.DocumentElement?.GetAttribute("lang")
            ?? document.DocumentElement?.GetAttribute("xml:lang");
        if (!string.IsNullOrWhiteSpace(lang))
        {
            return lang;
        }

        var httpEquiv = document.QuerySelectorAll("meta[http-equiv]")
            .FirstOrDefault(m => string.Equals(m.GetAttribute("http-equiv"), "content-language", StringComparison.OrdinalIgnoreCase))
            ?.GetAttribute("content");
        return httpEquiv ?? First(values, ["og:locale", "dc:language", "language", "inlanguage"]);
    }

    private static string? Canonical(IDocument document) =>
        document.QuerySelectorAll("link[rel][href]")
            .FirstOrDefault(l => (l.GetAttribute("rel") ?? string.Empty)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Contains("canonical", StringComparer.OrdinalIgnoreCase))
            ?.GetAttribute("href");

    private static string? TimeElementDate(IDocument document) =>
        document.QuerySelector("article time[datetime], time[itemprop=datePublished][datetime], time[pubdate][datetime]")
            ?.GetAttribute("datetime");
}
