using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>A fetched HTML page, decoded and parsed, with the base its relative links resolve against.</summary>
/// <param name="Url">The URL the page was fetched from.</param>
/// <param name="BaseUri">The page URL, or its <c>&lt;base href&gt;</c> when it has one.</param>
/// <param name="EncodingError">Why decoding did not follow the declared charset (see <see cref="DecodedText.Mismatch"/>); null when it did.</param>
internal sealed record HtmlPage(IHtmlDocument Document, Uri Url, Uri BaseUri, string Encoding, string? EncodingError)
{
    /// <exception cref="FeedParseException">The body is empty.</exception>
    public static HtmlPage Load(ReadOnlySpan<byte> body, Uri url, string? contentType, string emptyMessage)
    {
        if (body.IsEmpty)
        {
            throw new FeedParseException(emptyMessage);
        }

        var decoded = FeedEncoding.Decode(body, contentType);
        if (string.IsNullOrWhiteSpace(decoded.Text.Trim('\uFEFF')))
        {
            throw new FeedParseException(emptyMessage);
        }

        return FromText(decoded, url);
    }

    /// <exception cref="FeedParseException">The page nests elements too deeply to be parsed in reasonable time.</exception>
    public static HtmlPage FromText(DecodedText decoded, Uri url)
    {
        if (HtmlNesting.TooDeep(decoded.Text))
        {
            throw new FeedParseException($"HTML page nests elements more than {HtmlNesting.MaxDepth} levels deep; not read");
        }

        var document = new HtmlParser().ParseDocument(decoded.Text);
        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href");
        var baseUri = PageLinks.Resolve(url, baseHref) ?? url;
        return new HtmlPage(document, url, baseUri, decoded.EncodingName, decoded.Mismatch);
    }

    public bool EncodingTrusted => EncodingError is null;

    public string? Language =>
        Document.DocumentElement.GetAttribute("lang") is { Length: > 0 } lang ? lang.Trim()
        : Document.QuerySelector("meta[http-equiv='content-language' i][content]")?.GetAttribute("content")?.Trim();
}
