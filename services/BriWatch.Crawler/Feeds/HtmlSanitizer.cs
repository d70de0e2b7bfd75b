using AngleSharp.Dom;
using AngleSharp;
using AngleSharp.Html.Parser;
using AngleSharp.Xhtml;

namespace BriWatch.Crawler.Feeds;

/// <summary>Removes active content from feed HTML and resolves its relative links.</summary>
internal static class HtmlSanitizer
{
    private static readonly HashSet<string> DroppedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
        "textarea", "select", "link", "meta", "base", "noscript", "template", "svg", "math",
    };

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "action", "formaction", "background", "cite", "longdesc", "poster", "usemap", "xlink:href", "dynsrc", "lowsrc",
    };

    private static readonly HtmlParser Parser = new();

    public static string Sanitize(string html, Uri? baseUri)
    {
        if (HtmlNesting.TooDeep(html))
        {
            // Hostile nesting would cost AngleSharp minutes; its text is all a reader could use anyway.
            return System.Net.WebUtility.HtmlEncode(HtmlNesting.StripTags(html));
        }

        var document = Parser.ParseDocument(string.Empty);
        var nodes = Parser.ParseFragment(html, document.Body!);
        var container = document.CreateElement("div");
        foreach (var node in nodes.ToList())
        {
            container.AppendChild(node);
        }

        foreach (var element in container.QuerySelectorAll("*").ToList())
        {
            if (DroppedElements.Contains(element.LocalName))
            {
                element.Remove();
                continue;
            }

            foreach (var attribute in element.Attributes.ToList())
            {
                if (!IsSafeAttribute(attribute))
                {
                    element.RemoveAttribute(attribute.Name);
                }
                else if (UrlAttributes.Contains(attribute.Name) && UrlResolver.Resolve(baseUri, attribute.Value) is { } resolved)
                {
                    element.SetAttribute(attribute.Name, resolved);
                }
            }
        }

        // XHTML serialisation (<br />) keeps the output valid inside XML and matches what feed readers emit.
        return string.Concat(container.ChildNodes.Select(n => n.ToHtml(XhtmlMarkupFormatter.Instance)));
    }

    /// <summary>The text a person reads, without markup.</summary>
    public static string ToPlainText(string html)
    {
        if (HtmlNesting.TooDeep(html))
        {
            return NormalizeWhitespace(HtmlNesting.StripTags(html));
        }

        var document = Parser.ParseDocument(string.Empty);
        var nodes = Parser.ParseFragment(html, document.Body!);
        var container = document.CreateElement("div");
        foreach (var node in nodes.ToList())
        {
            container.AppendChild(node);
        }

        foreach (var element in container.QuerySelectorAll("script,style,template,noscript").ToList())
        {
            element.Remove();
        }

        foreach (var block in container.QuerySelectorAll("p,br,div,li,h1,h2,h3,h4,h5,h6,tr,blockquote").ToList())
        {
            block.Before(document.CreateTextNode("\n"));
        }

        return NormalizeWhitespace(container.TextContent);
    }

    /// <summary>True when the text contains markup or entity references worth treating as HTML.</summary>
    public static bool LooksLikeHtml(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, @"<[a-zA-Z/!]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);");

    private static bool IsSafeAttribute(IAttr attribute)
    {
        var name = attribute.Name;
        if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)
            || name.Equals("srcdoc", StringComparison.OrdinalIgnoreCase) || name.Contains(':', StringComparison.Ordinal) && !name.Equals("xml:lang", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !UrlAttributes.Contains(name) && !name.Equals("srcset", StringComparison.OrdinalIgnoreCase) || IsSafeUrl(attribute.Value);
    }

    private static bool IsSafeUrl(string value)
    {
        // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so compare without them.
        var compact = new string(value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
        return !(compact.StartsWith("javascript:", StringComparison.Ordinal) || compact.StartsWith("vbscript:", StringComparison.Ordinal)
            || compact.StartsWith("data:", StringComparison.Ordinal) || compact.StartsWith("livescript:", StringComparison.Ordinal));
    }

    private static string NormalizeWhitespace(string text)
    {
        var lines = text.Split('\n').Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        return string.Join('\n', lines.Where(l => l.Length > 0)).Trim();
    }
}
