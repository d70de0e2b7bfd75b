using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace BriWatch.Crawler.Feeds;

/// <summary>Tells HTML from plain text in feed fields, and reduces HTML to the text a person reads.</summary>
internal static partial class HtmlText
{
    private static readonly HtmlParser Parser = new();

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
    public static bool LooksLikeHtml(string text) => Markup().IsMatch(text);

    private static string NormalizeWhitespace(string text)
    {
        var lines = text.Split('\n').Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        return string.Join('\n', lines.Where(l => l.Length > 0)).Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<[a-zA-Z/!]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")]
    private static partial System.Text.RegularExpressions.Regex Markup();
}
