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

        var (xml, repairs) = XmlRepair.Repair(trimmed);
        var (root, error, broken) = XmlTree.Read(xml, url);
        if (root is null)
        {
            throw new FeedParseException(LooksLikeHtml(trimmed) ? "not a feed: HTML page" : error ?? "not a feed: no XML element found");
        }

        var recovered = broken && IsFeedRoot(root) ? ItemRecovery.Recover(xml, root.LocalName == "feed" ? "entry" : "item", url) : null;
        root = recovered?.Root ?? root;
        var (format, feed, items) = (root.LocalName, root.Namespace) switch
        {
            ("rss", _) or ("RDF", Rdf) => RssReader.Read(root, url),
            ("feed", Atom10 or Atom03) => AtomReader.Read(root, url),
            // Pre-standard Atom drafts used assorted namespaces but always said version="0.x".
            ("feed", _) when root.Attr("version") is not null => AtomReader.Read(root, url),
            ("html", _) or ("HTML", _) => throw new FeedParseException("not a feed: HTML page"),
            _ => throw new FeedParseException(error ?? $"not a feed: root element <{root.LocalName}>"),
        };

        var problems = new List<string>();
        if (error is not null)
        {
            problems.Add(error);
        }
        else if (repairs.Any)
        {
            problems.Add("not well-formed XML");
        }

        if (recovered is not null)
        {
            problems.AddRange(recovered.Describe());
        }

        problems.AddRange(repairs.Describe());
        if (decoded.Mismatch is not null)
        {
            problems.Add(decoded.Mismatch);
        }

        var problem = problems.Count == 0 ? null : string.Join("; ", problems);
        return new ParsedFeed(format, encoding, problem is null, problem, feed, items);
    }

    private static bool IsFeedRoot(XmlElementNode root) =>
        root.LocalName is "rss" or "RDF" or "feed";

    private static bool LooksLikeHtml(string text) => HtmlStart().IsMatch(text);

    [GeneratedRegex(@"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlStart();
}
