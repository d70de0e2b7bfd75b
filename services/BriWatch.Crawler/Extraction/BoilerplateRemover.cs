using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace BriWatch.Crawler.Extraction;

/// <summary>
/// Removes page furniture (hidden parts, navigation, comments, share bars, related-article lists, newsletters, cookie
/// notices, bylines, captions and credits) before SmartReader scores the page. SmartReader only lowers the score of
/// such blocks; when they sit inside the container it picks, they come out as text. Removing them by markup first is
/// trafilatura's approach, and it is what lifts precision on independent ground truth (docs/benchmarks.md).
/// </summary>
internal static partial class BoilerplateRemover
{
    private static readonly HashSet<string> AlwaysRemoved = new(StringComparer.OrdinalIgnoreCase)
    {
        "footer", "aside", "form", "button", "select", "dialog", "menu", "address",
    };

    // Containers whose class or id may mark them as furniture; inline and content elements (a, em, h1...) are left.
    private static readonly HashSet<string> Containers = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "section", "aside", "footer", "header", "ul", "ol", "li", "p", "span", "figure", "figcaption", "table",
        "dl", "small",
    };

    // A data attribute survives SmartReader's cleaning (it strips classes and presentational attributes only).
    private const string Marker = "data-briwatch-furniture";

    /// <summary>
    /// Marks furniture before SmartReader runs, so that SmartReader still chooses the article container from the
    /// whole page (removing blocks first changes its choice, sometimes badly) and the marks tell what to drop from it.
    /// Never marks an article element or an element holding most of the page's text.
    /// </summary>
    public static void Mark(IHtmlDocument document)
    {
        var body = document.Body;
        if (body is null)
        {
            return;
        }

        var bodyLength = body.TextContent.Length;
        foreach (var element in body.QuerySelectorAll("*"))
        {
            if (FurnitureReason(element) is { } reason && !HoldsTheArticle(element, bodyLength))
            {
                element.SetAttribute(Marker, reason);
            }
        }
    }

    /// <summary>Whether the element or one of its ancestors was marked as furniture.</summary>
    public static bool IsMarked(IElement element) => element.Closest($"[{Marker}]") is not null;

    /// <summary>Removes the elements <see cref="Mark"/> marked from SmartReader's article.</summary>
    public static void RemoveMarked(IParentNode content)
    {
        foreach (var element in content.QuerySelectorAll($"[{Marker}]").ToList())
        {
            element.Remove();
        }
    }

    /// <summary>Why the element is furniture (kept in the mark, to explain a removal), or null when it is not.</summary>
    private static string? FurnitureReason(IElement element)
    {
        if (AlwaysRemoved.Contains(element.LocalName))
        {
            return element.LocalName;
        }

        if (IsHidden(element))
        {
            return "hidden";
        }

        if (!Containers.Contains(element.LocalName))
        {
            return null;
        }

        var names = $"{element.ClassName} {element.Id}";
        return names.Length > 1 && !ContentName().IsMatch(names) && FurnitureName().Match(names) is { Success: true } match
            ? match.Value.Trim()
            : null;
    }

    private static bool IsHidden(IElement element) =>
        element.HasAttribute("hidden")
        || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase);

    // Guards against class names set on a page-wide wrapper ("page has-sidebar", "site-footer-fixed").
    private static bool HoldsTheArticle(IElement element, int bodyLength) =>
        element.LocalName is "article" or "main"
        || element.QuerySelector("article, main, [itemprop=articleBody]") is not null
        || element.TextContent.Length > bodyLength / 2;

    [GeneratedRegex(
        @"footer|comment|related|newsletter|cookie|consent|gdpr|breadcrumb|sidebar|navbar|subnav|navigation|author"
        + @"|byline|respond|credit|copyright|social|shariff|popular|pagination|rating|promo|subscribe|signup"
        + @"|outbrain|taboola|sponsor|tagcloud|tag-list|sr-only|screen-reader|visually-hidden|recommend|advert"
        + @"|(?:^|[\s_-])(?:nav|menu|skip|toolbar|popup|reply)(?:$|[\s_-])",
        RegexOptions.IgnoreCase)]
    private static partial Regex FurnitureName();

    // Article containers often carry a furniture word too ("article-body has-comments", "post-content-share").
    [GeneratedRegex(@"article-?body|articlebody|entry-content|post-content|post-body|story-body|main-content",
        RegexOptions.IgnoreCase)]
    private static partial Regex ContentName();
}
