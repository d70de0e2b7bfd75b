using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace BriWatch.Crawler.Extraction;

/// <summary>
/// The text of the page's paragraphs outside marked furniture: the fallback when SmartReader settles on a fragment
/// (a lead, a box) of a page whose text is spread over several containers. trafilatura compares its result with such
/// a baseline for the same reason.
/// </summary>
internal static partial class ParagraphText
{
    public static string Read(IHtmlDocument document)
    {
        if (document.Body is null)
        {
            return string.Empty;
        }

        var paragraphs = document.Body.QuerySelectorAll("p, pre, blockquote")
            .Where(e => !BoilerplateRemover.IsMarked(e) && !IsStyledHidden(e) && e.ParentElement?.Closest("p, pre, blockquote") is null)
            .Select(PlainText.FromNode)
            .Where(t => t.Length > 0);
        return string.Join("\n\n", paragraphs);
    }

    // Not marked as furniture because SmartReader already drops these itself; the paragraphs must too.
    private static bool IsStyledHidden(IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();
}
