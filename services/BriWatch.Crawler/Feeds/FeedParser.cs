using System.Net;
using System.Text.RegularExpressions;
using static BriWatch.Crawler.Feeds.FeedNamespaces;

namespace BriWatch.Crawler.Feeds;

/// <summary>Reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed from raw bytes, recovering what it can from broken documents.</summary>
public static partial class FeedParser
{
    /// <summary>Parses <paramref name="body"/> fetched from <paramref name="url"/> (used to resolve relative links).</summary>
    /// <exception cref="FeedParseException">Nothing usable could be read; the message says why.</exception>
    public static ParsedFeed Parse(ReadOnlySpan<byte> body, Uri? url, string? contentType)
    {
        if (body.IsEmpty)
        {
            throw new FeedParseException("not a feed: empty body");
        }

        var decoded = FeedEncoding.Decode(body, contentType);
        var (text, encoding, _) = decoded;
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0)
        {
            throw new FeedParseException("not a feed: empty body");
        }

        if (trimmed[0] is '{' or '[')
        {
            return JsonFeedReader.Read(trimmed, encoding, url);
        }

        if (trimmed[0] != '<')
        {
            throw new FeedParseException("not a feed: the body is neither XML nor JSON");
        }

        var (root, error) = XmlTree.Read(ReplaceHtmlEntities(trimmed), url);
        if (root is null)
        {
            throw new FeedParseException(LooksLikeHtml(trimmed) ? "not a feed: HTML page" : error ?? "not a feed: no XML element found");
        }

        var (format, feed, items) = (root.LocalName, root.Namespace) switch
        {
            ("rss", _) or ("RDF", Rdf) => RssReader.Read(root, url),
            ("feed", Atom10 or Atom03) => AtomReader.Read(root, url),
            // Pre-standard Atom drafts used assorted namespaces but always said version="0.x".
            ("feed", _) when root.Attr("version") is not null => AtomReader.Read(root, url),
            ("html", _) or ("HTML", _) => throw new FeedParseException("not a feed: HTML page"),
            _ => throw new FeedParseException(error ?? $"not a feed: root element <{root.LocalName}>"),
        };

        error ??= decoded.Mismatch;

        return new ParsedFeed(format, encoding, error is null, error, feed, items);
    }

    private static bool LooksLikeHtml(string text) => HtmlStart().IsMatch(text);

    /// <summary>
    /// Rewrites HTML named entities (&amp;nbsp;, &amp;eacute;) as numeric references: feeds use them freely, but without
    /// a DTD, which we deliberately never load, XML knows only the five predefined ones.
    /// </summary>
    private static string ReplaceHtmlEntities(string xml) =>
        NamedEntity().Replace(xml, m =>
        {
            var name = m.Groups[1].Value;
            if (name is "amp" or "lt" or "gt" or "quot" or "apos")
            {
                return m.Value;
            }

            var decoded = WebUtility.HtmlDecode(m.Value);
            if (decoded == m.Value)
            {
                return m.Value;
            }

            return string.Concat(decoded.EnumerateRunes().Select(r => $"&#{r.Value};"));
        });

    [GeneratedRegex(@"&([A-Za-z][A-Za-z0-9]{1,31});")]
    private static partial Regex NamedEntity();

    [GeneratedRegex(@"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlStart();
}
