using static BriWatch.Crawler.Feeds.FeedNamespaces;

namespace BriWatch.Crawler.Feeds;

/// <summary>Atom 1.0 and Atom 0.3.</summary>
internal static class AtomReader
{
    public static (string Format, FeedInfo Feed, List<FeedItem> Items) Read(XmlElementNode root, Uri? fetchUrl)
    {
        var ns = root.Namespace;
        var is03 = ns != Atom10;
        var link = Alternate(root, ns, fetchUrl);
        var fallbackBase = root.BaseUri ?? fetchUrl ?? (Uri.TryCreate(link, UriKind.Absolute, out var l) && !l.IsFile ? l : null);
        var feed = new FeedInfo
        {
            Title = FeedText.Atom(root.Child("title", ns)),
            Link = link,
            Subtitle = FeedText.Atom(root.Child(is03 ? "tagline" : "subtitle", ns) ?? root.Child("subtitle", ns)),
            Language = root.Language ?? NonEmpty(root.Child("language", DublinCore)?.Text),
            Updated = FeedDates.Parse((root.Child("updated", ns) ?? root.Child("modified", ns))?.Text),
            Author = Person(root.Child("author", ns), ns),
        };

        var items = root.Children("entry", ns).Select(e => ReadEntry(e, ns, fallbackBase)).ToList();
        return (is03 ? "atom03" : "atom10", feed, items);
    }

    private static FeedItem ReadEntry(XmlElementNode entry, string ns, Uri? fallbackBase)
    {
        var content = entry.Child("content", ns);
        var contentText = content?.Attr("src") is not null ? null : FeedText.Atom(content);
        return new FeedItem
        {
            Id = RelativeId(entry.Child("id", ns), fallbackBase),
            Title = FeedText.Atom(entry.Child("title", ns)),
            Link = Alternate(entry, ns, fallbackBase),
            Published = FeedDates.Parse((entry.Child("published", ns) ?? entry.Child("issued", ns) ?? entry.Child("created", ns))?.Text),
            Updated = FeedDates.Parse((entry.Child("updated", ns) ?? entry.Child("modified", ns))?.Text),
            Summary = FeedText.Atom(entry.Child("summary", ns)),
            Content = contentText,
            Author = Person(entry.Child("author", ns), ns) ?? NonEmpty(entry.Child("creator", DublinCore)?.Text),
            Language = NonEmpty(entry.Child("language", DublinCore)?.Text) ?? entry.Language,
            Categories = entry.Children("category", ns).Select(c => c.Attr("term") ?? c.Text)
                .Concat(entry.Children("subject", DublinCore).Select(s => s.Text))
                .Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList(),
            Enclosures = entry.Children("link", ns)
                .Where(l => l.Attr("rel") == "enclosure" && !string.IsNullOrWhiteSpace(l.Attr("href")))
                .Select(l => new FeedEnclosure(
                    UrlResolver.Resolve(l.BaseUri ?? fallbackBase, l.Attr("href"))!,
                    NonEmpty(l.Attr("type")),
                    long.TryParse(l.Attr("length"), out var length) ? length : null))
                .ToList(),
        };
    }

    private static string? Alternate(XmlElementNode parent, string ns, Uri? fallbackBase)
    {
        var links = parent.Children("link", ns).Where(l => !string.IsNullOrWhiteSpace(l.Attr("href"))).ToList();
        var link = links.FirstOrDefault(l => (l.Attr("rel") ?? "alternate") == "alternate" && (l.Attr("type") ?? "text/html").Contains("html", StringComparison.Ordinal))
            ?? links.FirstOrDefault(l => (l.Attr("rel") ?? "alternate") == "alternate");
        return link is null ? null : UrlResolver.Resolve(link.BaseUri ?? fallbackBase, link.Attr("href"));
    }

    /// <summary>Ids are IRIs; a relative one ("/2024/05/item") means the same as the link it resolves to.</summary>
    private static string? RelativeId(XmlElementNode? id, Uri? fallbackBase)
    {
        var text = NonEmpty(id?.Text);
        return text is null || Uri.TryCreate(text, UriKind.Absolute, out var absolute) && !absolute.IsFile
            ? text
            : UrlResolver.Resolve(id!.BaseUri ?? fallbackBase, text);
    }

    /// <summary>"Name (email)" when both are given, else whichever is.</summary>
    private static string? Person(XmlElementNode? person, string ns)
    {
        if (person is null)
        {
            return null;
        }

        var name = NonEmpty(person.Child("name", ns)?.Text);
        var email = NonEmpty(person.Child("email", ns)?.Text);
        return name is not null && email is not null ? $"{name} ({email})" : name ?? email ?? NonEmpty(person.Text);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
