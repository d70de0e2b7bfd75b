using System.Net;
using System.Text;

namespace BriWatch.Crawler.Feeds;

/// <summary>
/// A cheap scan of raw HTML for pathological nesting, run before AngleSharp sees it. AngleSharp's tree building slows
/// down with depth (200,000 nested divs take minutes), and every later walk over the DOM pays for the depth again.
/// </summary>
internal static class HtmlNesting
{
    /// <summary>Open elements deeper than this make a document pathological; real pages stay well under a hundred.</summary>
    public const int MaxDepth = 512;

    // Elements that never hold content, or whose start tag closes an open one of the same kind (<p><p>, <li><li>):
    // they do not deepen the tree, so counting them would flag sloppy but harmless markup.
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
        "rb", "rt", "rtc", "rp", "html", "head", "body",
    };

    // Their content is text, not markup, so a "<div>" inside a script must not count.
    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "textarea", "title", "xmp", "noscript" };

    /// <summary>Raw-text elements whose content is not text a person reads, so <see cref="StripTags"/> leaves it out.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "template", "noscript" };

    /// <summary>True when <paramref name="html"/> opens more than <paramref name="max"/> elements without closing them.</summary>
    public static bool TooDeep(string html, int max = MaxDepth)
    {
        ArgumentNullException.ThrowIfNull(html);
        var depth = 0;
        var foreign = 0;
        foreach (var tag in Tags(html))
        {
            if (tag.Name[0] == '!' || NotNesting.Contains(tag.Name))
            {
                continue;
            }

            if (IsForeignRoot(tag.Name) && !tag.SelfClosing)
            {
                foreign = tag.Closing ? Math.Max(0, foreign - 1) : foreign + 1;
            }

            // Inside SVG and MathML "<path/>" closes itself, so the icons of a modern page do not deepen it; in HTML
            // proper "<div/>" is an open div, so there it still counts.
            if (tag.SelfClosing && foreign > 0)
            {
                continue;
            }

            depth = tag.Closing ? Math.Max(0, depth - 1) : depth + 1;
            if (depth > max)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The document's text without any markup (script and style content dropped), entities decoded.</summary>
    public static string StripTags(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = new StringBuilder(html.Length);
        var position = 0;
        foreach (var tag in Tags(html))
        {
            if (position < tag.Start)
            {
                text.Append(html, position, tag.Start - position);
            }

            // A tag is a word boundary in the text a person reads ("<p>a</p><p>b</p>" is "a b", not "ab").
            text.Append(' ');
            position = tag.End;
        }

        if (position < html.Length)
        {
            text.Append(html, position, html.Length - position);
        }

        return WebUtility.HtmlDecode(text.ToString());
    }

    /// <summary>Start and end tags in document order; comments, doctypes and raw-text content are skipped.</summary>
    private static IEnumerable<Tag> Tags(string html)
    {
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0)
        {
            var start = i;
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = close < 0 ? html.Length : close + 3;
                yield return new Tag("!--", false, start, i);
                continue;
            }

            var closing = i + 1 < html.Length && html[i + 1] == '/';
            var nameStart = i + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':' or '_') && (nameEnd > nameStart || char.IsAsciiLetter(html[nameEnd])))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart)
            {
                // "<!doctype", "<?xml", or a lone "<" in text.
                if (nameStart < html.Length && html[nameStart] is '!' or '?')
                {
                    var gt = html.IndexOf('>', nameStart);
                    i = gt < 0 ? html.Length : gt + 1;
                    yield return new Tag("!", false, start, i);
                }
                else
                {
                    i++;
                }

                continue;
            }

            var end = html.IndexOf('>', nameEnd);
            i = end < 0 ? html.Length : end + 1;
            var name = html[nameStart..nameEnd];
            yield return new Tag(name, closing, start, i, SelfClosing: end > 0 && html[end - 1] == '/');
            if (!closing && RawText.Contains(name))
            {
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                var contentEnd = close < 0 ? html.Length : close;
                if (Dropped.Contains(name))
                {
                    // Reported as part of the tag, so StripTags leaves the script out of the text.
                    yield return new Tag("!--", false, i, contentEnd);
                }

                i = contentEnd;
            }
        }
    }

    private static bool IsForeignRoot(string name) => name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase);

    private readonly record struct Tag(string Name, bool Closing, int Start, int End, bool SelfClosing = false);
}
