using System.Xml;

namespace BriWatch.Crawler.Listings;

internal enum DocumentKind
{
    Feed,
    Sitemap,
    Html,
}

/// <summary>Tells feeds, sitemaps and HTML pages apart by their content; servers label all three text/xml or text/html at random.</summary>
internal static class DocumentSniffer
{
    /// <summary>How far into the text to look for HTML when the document is not even well-formed up to its first element.</summary>
    private const int HtmlMarkerWindow = 4096;

    private static readonly string[] HtmlMarkers = ["<!doctype html", "<html", "<head", "<body"];

    public static DocumentKind Sniff(string text, string? contentType)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0 || trimmed[0] != '<')
        {
            // JSON Feed, or garbage the feed parser explains best.
            return DocumentKind.Feed;
        }

        return RootElement(trimmed) switch
        {
            "urlset" or "sitemapindex" => DocumentKind.Sitemap,
            { } root when root.Equals("html", StringComparison.OrdinalIgnoreCase) => DocumentKind.Html,
            not null => DocumentKind.Feed,
            null when LooksLikeHtml(trimmed, contentType) => DocumentKind.Html,
            null => DocumentKind.Feed,
        };
    }

    private static string? RootElement(string text)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            return reader.MoveToContent() == XmlNodeType.Element ? reader.LocalName : null;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static bool LooksLikeHtml(string text, string? contentType)
    {
        if (contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        var head = text.AsSpan(0, Math.Min(text.Length, HtmlMarkerWindow));
        foreach (var marker in HtmlMarkers)
        {
            if (head.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
