using AngleSharp.Dom;

namespace BriWatch.Crawler.Listings;

/// <summary>
/// Finds the article list on a page without selectors: the largest group of sibling elements (same parent, or alike sibling lists; same tag) that
/// each hold one same-site link with a title-like text (plus at most one other, such as a category), ignoring navigation, header, footer and sidebars.
/// </summary>
internal static class ListingHeuristic
{
    /// <summary>Fewer items than this are a "related links" box or a coincidence, not a list.</summary>
    private const int MinItems = 3;

    /// <summary>Distinct candidate links an item may hold: its article and one more (e.g. its category).</summary>
    private const int MaxLinksPerItem = 2;

    /// <summary>How far above its link an item's container may be (li > div > h3 > a is three).</summary>
    private const int MaxDepth = 4;

    /// <summary>Title weight bounds; a CJK character counts as three Latin ones, so 5 Chinese characters pass and "Read more" does not.</summary>
    private const int MinTitleWeight = 15;
    private const int MaxTitleWeight = 600;

    private static readonly HashSet<string> ListTags = new(StringComparer.OrdinalIgnoreCase) { "ul", "ol", "dl" };

    private static readonly HashSet<string> BoilerplateTags = new(StringComparer.OrdinalIgnoreCase) { "nav", "aside", "form", "menu", "select" };

    private static readonly HashSet<string> BoilerplateRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "menu", "menubar", "complementary", "search",
    };

    private static readonly HashSet<string> BoilerplateTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "pagination", "pager", "paging",
        "copyright", "topbar", "toolbar", "share", "social", "sidebar", "skip",
    };

    private static readonly char[] TokenSeparators = [' ', '-', '_', '\t', '\n'];

    /// <summary>The items of the list, each with its link, in document order; empty when the page has no such list.</summary>
    public static IReadOnlyList<(IElement Item, IElement Link)> Find(HtmlPage page)
    {
        var groups = new Dictionary<IElement, Dictionary<string, Group>>(ReferenceEqualityComparer.Instance);
        var order = 0;
        foreach (var anchor in page.Document.QuerySelectorAll("a[href]"))
        {
            if (Candidate(page, anchor) is not { } candidate)
            {
                continue;
            }

            IElement node = anchor;
            for (var depth = 0; depth <= MaxDepth; depth++)
            {
                var parent = node.ParentElement;
                if (parent is null || parent.LocalName is "body" or "html")
                {
                    break;
                }

                // Long lists are often cut into sibling <ul>s of five; items of alike sibling lists form one group.
                var (owner, key) = ListTags.Contains(parent.LocalName) && parent.ParentElement is { } listOwner
                    ? (listOwner, $"{parent.LocalName}.{parent.ClassName}>{node.LocalName}")
                    : (parent, node.LocalName);
                if (!groups.TryGetValue(owner, out var byTag))
                {
                    groups[owner] = byTag = new Dictionary<string, Group>(StringComparer.Ordinal);
                }

                if (!byTag.TryGetValue(key, out var group))
                {
                    byTag[key] = group = new Group(order++, depth);
                }

                group.Add(node, candidate);
                node = parent;
            }
        }

        var best = groups.Values.SelectMany(g => g.Values)
            .Select(g => (Group: g, Items: g.Items()))
            .Where(g => g.Items.Count >= MinItems)
            .OrderByDescending(g => g.Items.Count)
            .ThenByDescending(g => g.Items.Sum(i => i.Link.Weight))
            .ThenBy(g => g.Group.Depth)
            .ThenBy(g => g.Group.Order)
            .FirstOrDefault();
        return best.Group is null ? [] : best.Items.Select(i => (i.Item, i.Link.Anchor)).ToList();
    }

    private static Link? Candidate(HtmlPage page, IElement anchor)
    {
        if (PageLinks.Resolve(page.BaseUri, anchor.GetAttribute("href")) is not { } url
            || !PageLinks.SameSite(url, page.Url)
            || PageLinks.Key(url) == PageLinks.Key(page.Url)
            || InBoilerplate(anchor))
        {
            return null;
        }

        var weight = Weight(ElementText.Of(anchor));
        return weight is >= MinTitleWeight and <= MaxTitleWeight ? new Link(anchor, PageLinks.Key(url), weight) : null;
    }

    private static bool InBoilerplate(IElement anchor)
    {
        var insideArticle = anchor.Closest("article") is not null;
        for (var e = anchor; e is not null; e = e.ParentElement)
        {
            if (BoilerplateTags.Contains(e.LocalName) || e.GetAttribute("role") is { } role && BoilerplateRoles.Contains(role.Trim()))
            {
                return true;
            }

            // Page headers and footers are chrome; an <article>'s own header holds its title link.
            if (!insideArticle && (e.LocalName is "header" or "footer" || HasToken(e, "header") || HasToken(e, "footer")))
            {
                return true;
            }

            if (Tokens(e).Any(BoilerplateTokens.Contains))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasToken(IElement e, string token) => Tokens(e).Contains(token, StringComparer.OrdinalIgnoreCase);

    private static string[] Tokens(IElement e) =>
        $"{e.ClassName} {e.Id}".Split(TokenSeparators, StringSplitOptions.RemoveEmptyEntries);

    private static int Weight(string text)
    {
        var weight = 0;
        foreach (var c in text)
        {
            weight += IsCjk(c) ? 3 : char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) ? 1 : 0;
        }

        return weight;
    }

    private static bool IsCjk(char c) =>
        c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF';

    private sealed record Link(IElement Anchor, string Key, int Weight);

    /// <summary>Sibling elements with one parent (or alike sibling lists) and one tag, and the candidate links inside each.</summary>
    private sealed class Group(int order, int depth)
    {
        private readonly List<IElement> nodes = [];
        private readonly Dictionary<IElement, List<Link>> linksByNode = new(ReferenceEqualityComparer.Instance);

        public int Order { get; } = order;
        public int Depth { get; } = depth;

        public void Add(IElement node, Link link)
        {
            if (!linksByNode.TryGetValue(node, out var links))
            {
                nodes.Add(node);
                linksByNode[node] = links = [];
            }

            links.Add(link);
        }

        /// <summary>
        /// Members that hold one article link, with the best-titled link. A second link (a category, "all press releases") is
        /// allowed; three or more make the member a list of its own, not an item.
        /// </summary>
        public List<(IElement Item, Link Link)> Items() =>
            nodes.Select(n => (Item: n, Links: linksByNode[n]))
                .Where(n => n.Links.Select(l => l.Key).Distinct(StringComparer.Ordinal).Count() <= MaxLinksPerItem)
                .Select(n => (n.Item, n.Links.MaxBy(l => l.Weight)!))
                .ToList();
    }
}
