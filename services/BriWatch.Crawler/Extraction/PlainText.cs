using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace BriWatch.Crawler.Extraction;

/// <summary>
/// Turns HTML into plain text with one blank line between paragraphs.
/// SmartReader's own TextContent keeps the DOM's raw whitespace and loses paragraph breaks, hence this walker.
/// </summary>
internal static partial class PlainText
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul",
    };

    private static readonly HashSet<string> SkippedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "svg", "math", "head", "select", "button", "iframe", "object",
    };

    public static string FromHtml(string html)
    {
        if (Feeds.HtmlNesting.TooDeep(html))
        {
            // Markup nested this deep is hostile, and parsing it would take minutes; its words still count as text.
            return FromPlain(Feeds.HtmlNesting.StripTags(html));
        }

        var document = new HtmlParser().ParseDocument(html);
        return document.Body is null ? string.Empty : FromNode(document.Body);
    }

    public static string FromNode(INode root)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        Walk(root, current, paragraphs);
        Flush(current, paragraphs);
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>Normalises text that is already plain (e.g. a JSON-LD articleBody); each line break ends a paragraph.</summary>
    public static string FromPlain(string text)
    {
        var paragraphs = LineBreak().Split(text)
            .Select(CollapseWhitespace)
            .Where(p => p.Length > 0);
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>Collapses every run of whitespace (including no-break and zero-width spaces) to one space.</summary>
    public static string CollapseWhitespace(string text) =>
        Whitespace().Replace(text.Replace("\u200B", string.Empty, StringComparison.Ordinal), " ").Trim();

    // Iterative rather than recursive: hostile pages nest elements deeply enough to overflow the stack.
    private static void Walk(INode root, StringBuilder current, List<string> paragraphs)
    {
        var pending = new Stack<(INode Node, bool BlockEnd)>();
        PushChildren(root, pending);
        while (pending.TryPop(out var item))
        {
            if (item.BlockEnd)
            {
                Flush(current, paragraphs);
                continue;
            }

            switch (item.Node)
            {
                case IText text:
                    // Source line breaks inside text are layout, not content; only <br> makes a line break.
                    current.Append(Whitespace().Replace(text.Data, " "));
                    break;
                case IElement element when SkippedTags.Contains(element.LocalName):
                    break;
                case IElement element when element.LocalName == "br":
                    current.Append('\n');
                    break;
                case IElement element when BlockTags.Contains(element.LocalName):
                    Flush(current, paragraphs);
                    pending.Push((element, true));
                    PushChildren(element, pending);
                    break;
                case IElement element:
                    PushChildren(element, pending);
                    break;
            }
        }
    }

    private static void PushChildren(INode node, Stack<(INode Node, bool BlockEnd)> pending)
    {
        var children = node.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--)
        {
            pending.Push((children[i], false));
        }
    }

    private static void Flush(StringBuilder current, List<string> paragraphs)
    {
        if (current.Length == 0)
        {
            return;
        }

        var lines = current.ToString().Split('\n').Select(CollapseWhitespace).Where(l => l.Length > 0);
        var paragraph = string.Join('\n', lines);
        if (paragraph.Length > 0)
        {
            paragraphs.Add(paragraph);
        }

        current.Clear();
    }

    [GeneratedRegex(@"\r?\n")]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
