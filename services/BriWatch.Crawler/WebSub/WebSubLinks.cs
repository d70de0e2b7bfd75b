using System.Text.Json;
using System.Xml;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Listings;

namespace BriWatch.Crawler.WebSub;

/// <summary>The WebSub hubs and topic (self) URL a fetched document advertises.</summary>
/// <param name="Hubs">Every advertised hub, HTTP Link header first, then the document's own links.</param>
public sealed record WebSubLinks(IReadOnlyList<Uri> Hubs, Uri? Self)
{
    private static readonly WebSubLinks None = new([], null);

    /// <summary>True when there is a hub to subscribe to and a topic to subscribe for.</summary>
    public bool CanSubscribe => Hubs.Count > 0 && Self is not null;

    /// <summary>
    /// Reads the HTTP <c>Link</c> header, then the body: Atom and RSS (<c>atom:link</c>) feed-level links, JSON Feed's
    /// <c>hubs</c> and <c>feed_url</c>, or an HTML page's <c>&lt;link&gt;</c> elements. The header wins where both say.
    /// </summary>
    public static WebSubLinks Find(FetchedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var fromHeader = FromHeaders(document.Links, document.Url);
        var fromBody = document.NotModified || document.Body.Length == 0 ? None : FromBody(document);
        return new WebSubLinks([.. fromHeader.Hubs.Concat(fromBody.Hubs).Distinct()], fromHeader.Self ?? fromBody.Self);
    }

    private static WebSubLinks FromHeaders(IReadOnlyList<string> values, Uri baseUrl)
    {
        var hubs = new List<Uri>();
        Uri? self = null;
        foreach (var (target, relations) in values.SelectMany(LinkHeader.Parse))
        {
            Add(hubs, ref self, relations, target, baseUrl);
        }

        return new WebSubLinks(hubs, self);
    }

    private static WebSubLinks FromBody(FetchedDocument document)
    {
        var (text, _, _) = FeedEncoding.Decode(document.Body, document.ContentType);
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{'))
        {
            return FromJsonFeed(trimmed, document.Url);
        }

        if (!trimmed.StartsWith('<'))
        {
            return None;
        }

        if (DocumentSniffer.Sniff(trimmed, document.ContentType) == DocumentKind.Html)
        {
            var page = FeedDiscovery.Find(document.Body, document.Url, document.ContentType);
            return new WebSubLinks(page.Hubs.Where(IsHttp).ToList(), page.Self is { } s && IsHttp(s) ? s : null);
        }

        return FromXmlFeed(trimmed, document.Url);
    }

    /// <summary>Feed-level <c>link</c> elements with a <c>rel</c>, in any namespace; entries' own links are skipped.</summary>
    private static WebSubLinks FromXmlFeed(string xml, Uri baseUrl)
    {
        var hubs = new List<Uri>();
        Uri? self = null;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "entry" or "item")
                {
                    reader.Skip();
                    continue;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "link" && reader.GetAttribute("rel") is { } rel && reader.GetAttribute("href") is { } href)
                {
                    Add(hubs, ref self, rel.Split(' ', StringSplitOptions.RemoveEmptyEntries), href, baseUrl);
                }

                reader.Read();
            }
        }
        catch (XmlException)
        {
            // A broken feed still yields the links read before the break; the parser reports the error itself.
        }

        return new WebSubLinks(hubs, self);
    }

    private static WebSubLinks FromJsonFeed(string json, Uri baseUrl)
    {
        var hubs = new List<Uri>();
        Uri? self = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            if (root.TryGetProperty("feed_url", out var feedUrl) && feedUrl.ValueKind == JsonValueKind.String)
            {
                Add(hubs, ref self, ["self"], feedUrl.GetString()!, baseUrl);
            }

            if (root.TryGetProperty("hubs", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var hub in list.EnumerateArray())
                {
                    if (hub.ValueKind == JsonValueKind.Object
                        && hub.TryGetProperty("type", out var type) && string.Equals(type.GetString(), "WebSub", StringComparison.OrdinalIgnoreCase)
                        && hub.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
                    {
                        Add(hubs, ref self, ["hub"], url.GetString()!, baseUrl);
                    }
                }
            }
        }
        catch (JsonException)
        {
            return None;
        }

        return new WebSubLinks(hubs, self);
    }

    private static void Add(List<Uri> hubs, ref Uri? self, IReadOnlyList<string> relations, string target, Uri baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, target.Trim(), out var url) || !IsHttp(url))
        {
            return;
        }

        if (relations.Contains("hub", StringComparer.OrdinalIgnoreCase) && !hubs.Contains(url))
        {
            hubs.Add(url);
        }

        if (relations.Contains("self", StringComparer.OrdinalIgnoreCase))
        {
            self ??= url;
        }
    }

    private static bool IsHttp(Uri url) => url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;
}
