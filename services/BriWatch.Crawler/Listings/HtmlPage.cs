using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>A fetched HTML page, decoded and parsed, with the base its relative links resolve against.</summary>
/// <param name="Url">The URL the page was fetched from.</param>
/// <param name="BaseUri">The page URL, or its <c>&lt;base href&gt;</c> when it has one.</param>
internal sealed record HtmlPage(IHtmlDocument Document, Uri Url, Uri BaseUri, string Encoding, bool EncodingTrusted)
{
    /// <exception cref="FeedParseException">The body is empty.</exception>
    public static HtmlPage Load(ReadOnlySpan<byte> body, Uri url, string? contentType, string emptyMessage)
    {
        if (body.IsEmpty)
        {
            throw new FeedParseException(emptyMessage);
        }

        var (text, encoding, trusted) = FeedEncoding.Decode(body, contentType);
        if (string.IsNullOrWhiteSpace(text.Trim('\uFEFF')))
        {
            throw new FeedParseException(emptyMessage);
        }

        return FromText(text, url, encoding, trusted);
    }

    public static HtmlPage FromText(string text, Uri url, string encoding, bool encodingTrusted)
    {
        var document = new HtmlParser().ParseDocument(text);
        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href");
        var baseUri = PageLinks.Resolve(url, baseHref) ?? url;
        return new HtmlPage(document, url, baseUri, encoding, encodingTrusted);
    }

    /// <summary>The note a parsed result carries when the declared charset did not fit the bytes.</summary>
    public string? EncodingError => EncodingTrusted ? null : $"declared character encoding does not match the content; decoded as {Encoding}";

    public string? Language =>
        Document.DocumentElement.GetAttribute("lang") is { Length: > 0 } lang ? lang.Trim()
        : Document.QuerySelector("meta[http-equiv='content-language' i][content]")?.GetAttribute("content")?.Trim();
}
