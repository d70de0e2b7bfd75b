using System.Globalization;
using System.Text;
using System.Xml;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Feeds;

/// <summary>Writes a subscription's matches as an Atom 1.0 document (RFC 4287).</summary>
internal static class AtomFeedWriter
{
    public const string Namespace = "http://www.w3.org/2005/Atom";
    public const string TopicScheme = "urn:briwatch:topic";
    public const string CountryScheme = "urn:briwatch:country";

    private const int SummaryFallbackLength = 300;

    /// <summary>The feed's <c>updated</c>: its newest entry, or the subscription's creation while nothing has matched.</summary>
    public static DateTimeOffset Updated(Subscription subscription, IReadOnlyList<FeedEntry> entries) =>
        entries.Count == 0 ? Second(subscription.CreatedAt) : entries.Max(EntryUpdated);

    public static byte[] Write(Subscription subscription, IReadOnlyList<FeedEntry> entries, string selfUrl, string alternateUrl)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Namespace);
            // The subscription id, not the token: the feed keeps its identity when its secret URL is regenerated.
            xml.WriteElementString("id", Namespace, "urn:briwatch:subscription:" + Uri.EscapeDataString(subscription.Id));
            Text(xml, "title", "BriWatch: " + subscription.Name);
            xml.WriteElementString("updated", Namespace, Rfc3339(Updated(subscription, entries)));
            xml.WriteStartElement("author", Namespace);
            xml.WriteElementString("name", Namespace, "BriWatch");
            xml.WriteEndElement();
            xml.WriteStartElement("generator", Namespace);
            xml.WriteString("BriWatch");
            xml.WriteEndElement();
            Link(xml, "self", selfUrl, "application/atom+xml");
            Link(xml, "alternate", alternateUrl, "text/html");
            foreach (var entry in entries)
            {
                WriteEntry(xml, entry);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteEntry(XmlWriter xml, FeedEntry entry)
    {
        var article = entry.Article;
        var published = Published(article);
        xml.WriteStartElement("entry", Namespace);
        xml.WriteElementString("id", Namespace, "urn:briwatch:article:" + Uri.EscapeDataString(article.Id));
        Text(xml, "title", article.Title);
        Link(xml, "alternate", article.Url, "text/html");
        xml.WriteElementString("updated", Namespace, Rfc3339(EntryUpdated(entry)));
        xml.WriteElementString("published", Namespace, Rfc3339(published));
        Text(xml, "summary", Summary(article));
        foreach (var topic in article.Topics)
        {
            Category(xml, topic, TopicScheme);
        }

        foreach (var country in article.Countries)
        {
            Category(xml, country, CountryScheme);
        }

        xml.WriteEndElement();
    }

    /// <summary>The classifier's evidence, one quoted span a line; the start of the text when there is none.</summary>
    private static string Summary(Storage.Articles.Article article)
    {
        if (article.Evidence.Count > 0)
        {
            return "Evidence:\n" + string.Join("\n", article.Evidence.Select(e => "“" + e + "”"));
        }

        var text = article.Text.Trim();
        return text.Length <= SummaryFallbackLength ? text : text[..SummaryFallbackLength].TrimEnd() + "…";
    }

    private static void Text(XmlWriter xml, string element, string value)
    {
        xml.WriteStartElement(element, Namespace);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(XmlSafe(value));
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", Namespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", XmlSafe(href));
        xml.WriteEndElement();
    }

    private static void Category(XmlWriter xml, string term, string scheme)
    {
        xml.WriteStartElement("category", Namespace);
        xml.WriteAttributeString("term", XmlSafe(term));
        xml.WriteAttributeString("scheme", scheme);
        xml.WriteEndElement();
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters from scraped pages), which XmlWriter would throw on.</summary>
    private static string XmlSafe(string value)
    {
        if (value.All(XmlConvert.IsXmlChar))
        {
            return value;
        }

        var safe = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                safe.Append(value[i]);
            }
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                safe.Append(value, i, 2);
                i++;
            }
        }

        return safe.ToString();
    }

    private static DateTimeOffset Published(Storage.Articles.Article article) => Second(article.Published ?? article.DiscoveredAt);

    /// <summary>When the subscription matched the article; never before its publication, which a source may state in the future.</summary>
    private static DateTimeOffset EntryUpdated(FeedEntry entry)
    {
        var matched = Second(entry.MatchedAt);
        var published = Published(entry.Article);
        return matched < published ? published : matched;
    }

    // Whole seconds: feed readers and HTTP dates (Last-Modified) both work at that resolution.
    private static DateTimeOffset Second(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
