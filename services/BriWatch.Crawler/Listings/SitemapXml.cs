using System.Xml;

namespace BriWatch.Crawler.Listings;

/// <summary>One <c>url</c> or <c>sitemap</c> entry: its fields by local name, Google News ones prefixed <c>news:</c>.</summary>
internal sealed class SitemapEntry
{
    private readonly Dictionary<string, string> fields = new(StringComparer.Ordinal);

    public bool IsNews { get; set; }

    public string? Get(string field) => fields.TryGetValue(field, out var value) && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    public void Append(string field, string text) => fields[field] = fields.TryGetValue(field, out var value) ? value + text : text;
}

/// <summary>Streams a sitemap with <see cref="XmlReader"/>, keeping the entries read before a syntax error.</summary>
internal static class SitemapXml
{
    public const string NewsNamespace = "http://www.google.com/schemas/sitemap-news/0.9";

    // Extensions whose fields must not be taken for the entry's own (image:title, video:title).
    private static readonly HashSet<string> ForeignNamespaces = new(StringComparer.Ordinal)
    {
        "http://www.google.com/schemas/sitemap-image/1.1",
        "http://www.google.com/schemas/sitemap-video/1.1",
        "http://www.w3.org/1999/xhtml",
    };

    /// <returns>The root's local name (null when no element was read), the entries, and the first syntax error.</returns>
    public static (string? Root, List<SitemapEntry> Entries, string? Error) Read(string xml)
    {
        var settings = new XmlReaderSettings
        {
            // Ignore (not Parse): internal-subset entities are never expanded, so billion laughs and XXE are inert.
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            MaxCharactersFromEntities = 1024,
        };
        string? root = null;
        var entries = new List<SitemapEntry>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (root is null)
                {
                    root = reader.LocalName;
                    if (root is not ("urlset" or "sitemapindex"))
                    {
                        break;
                    }
                }
                else if (reader.Depth == 1 && reader.LocalName is "url" or "sitemap")
                {
                    using var subtree = reader.ReadSubtree();
                    entries.Add(ReadEntry(subtree));
                }
            }

            return (root, entries, null);
        }
        catch (XmlException ex)
        {
            return (root, entries, $"not well-formed XML at line {ex.LineNumber}, column {ex.LinePosition}: {FirstSentence(ex.Message)}");
        }
    }

    private static SitemapEntry ReadEntry(XmlReader reader)
    {
        var entry = new SitemapEntry();
        string? field = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.Depth > 0:
                    var news = reader.NamespaceURI == NewsNamespace;
                    entry.IsNews |= news;
                    field = ForeignNamespaces.Contains(reader.NamespaceURI) ? null : news ? "news:" + reader.LocalName : reader.LocalName;
                    if (reader.IsEmptyElement)
                    {
                        field = null;
                    }

                    break;
                case XmlNodeType.EndElement:
                    field = null;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA when field is not null:
                    entry.Append(field, reader.Value);
                    break;
            }
        }

        return entry;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
