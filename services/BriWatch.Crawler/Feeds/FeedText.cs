using System.Text;

namespace BriWatch.Crawler.Feeds;

/// <summary>Turns text constructs (RSS elements, Atom text/html/xhtml, Atom 0.3 modes) into sanitised HTML or plain text.</summary>
internal static class FeedText
{
    /// <summary>An RSS-style element: escaped HTML, inline markup, or plain text, decided by what it contains.</summary>
    public static string? Loose(XmlElementNode? element)
    {
        if (element is null)
        {
            return null;
        }

        var hasMarkup = element.Elements.Any();
        var raw = hasMarkup ? element.InnerXml : element.Text;
        var value = raw.Trim();
        return hasMarkup || HtmlText.LooksLikeHtml(value) ? FeedHtmlSanitizer.Sanitize(value, element.BaseUri).Trim() : value;
    }

    /// <summary>An Atom 1.0 or 0.3 text construct.</summary>
    public static string? Atom(XmlElementNode? element)
    {
        if (element is null)
        {
            return null;
        }

        var type = (element.Attr("type") ?? "text").Trim().ToLowerInvariant();
        var mode = element.Attr("mode")?.Trim().ToLowerInvariant();
        if (mode == "base64" || (element.Namespace == FeedNamespaces.Atom10 && IsBinary(type) && element.Attr("src") is null))
        {
            var decoded = DecodeBase64(element.Text);
            return type.Contains("html", StringComparison.Ordinal) ? FeedHtmlSanitizer.Sanitize(decoded, element.BaseUri) : decoded;
        }

        switch (type)
        {
            case "text" or "text/plain":
                // Atom 0.3 in the wild puts unescaped markup in plain-text constructs; treat it as the HTML it is.
                return element.Elements.Any() ? FeedHtmlSanitizer.Sanitize(element.InnerXml, element.BaseUri).Trim() : element.Text.Trim();
            case "html" or "text/html":
                return FeedHtmlSanitizer.Sanitize(mode == "xml" || element.Elements.Any() ? element.InnerXml : element.Text, element.BaseUri).Trim();
            case "xhtml" or "application/xhtml+xml":
                if (mode == "escaped")
                {
                    return FeedHtmlSanitizer.Sanitize(element.Text, element.BaseUri).Trim();
                }

                // Atom 1.0 wraps XHTML content in one div that is not part of the content (Atom 0.3 keeps it).
                var inner = type == "xhtml" && element.Elements.Count() == 1 && element.Child("div", FeedNamespaces.Xhtml) is { } div
                    && !element.Nodes.OfType<string>().Any(s => s.Trim().Length > 0)
                    ? div.InnerXml
                    : element.InnerXml;
                return FeedHtmlSanitizer.Sanitize(inner, element.BaseUri).Trim();
            default:
                return element.Elements.Any() ? FeedHtmlSanitizer.Sanitize(element.InnerXml, element.BaseUri).Trim() : element.Text.Trim();
        }
    }

    private static bool IsBinary(string type) =>
        type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.Ordinal)
        && !type.EndsWith("+xml", StringComparison.Ordinal) && !type.EndsWith("/xml", StringComparison.Ordinal);

    private static string DecodeBase64(string text)
    {
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var buffer = new byte[compact.Length];
        return Convert.TryFromBase64String(compact, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : text.Trim();
    }
}
