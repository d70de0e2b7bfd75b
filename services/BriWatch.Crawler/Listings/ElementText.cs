using System.Text;
using AngleSharp.Dom;

namespace BriWatch.Crawler.Listings;

/// <summary>The plain text a person reads in an element: no markup, no script or style, whitespace collapsed.</summary>
internal static class ElementText
{
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "svg", "math", "iframe", "object",
    };

    // Elements that separate words visually; their text must not run into the next element's.
    private static readonly HashSet<string> Breaking = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "span", "time", "dt", "dd",
        "section", "article", "header", "footer", "img",
    };

    /// <summary>Text of <paramref name="element"/>, leaving out <paramref name="except"/> (e.g. the title link when looking for a date).</summary>
    public static string Of(IElement element, IElement? except = null)
    {
        var sb = new StringBuilder();
        Append(element, except, sb);
        return string.Join(' ', sb.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Append(INode node, IElement? except, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                sb.Append(text.Data);
            }
            else if (child is IElement element && !ReferenceEquals(element, except) && !Hidden.Contains(element.LocalName))
            {
                var breaking = Breaking.Contains(element.LocalName);
                sb.Append(breaking ? " " : string.Empty);
                Append(element, except, sb);
                sb.Append(breaking ? " " : string.Empty);
            }
        }
    }
}
