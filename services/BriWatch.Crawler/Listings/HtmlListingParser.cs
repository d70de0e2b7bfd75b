using AngleSharp.Dom;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>
/// Reads a ministry or portal announcement list page (MOFCOM, the Belt and Road portal, NDB news) into items: link, title, date.
/// Selectors come from <see cref="HtmlListingOptions"/>; without them <see cref="ListingHeuristic"/> finds the list.
/// </summary>
public static class HtmlListingParser
{
    public const string Format = "html-listing";

    internal const string NoListing = "not a listing: no list of article links found on the page";

    /// <summary>Parses <paramref name="body"/> fetched from <paramref name="url"/>; links resolve against it and <c>&lt;base href&gt;</c>.</summary>
    /// <exception cref="FeedParseException">Empty body, no list found, or a configured selector that is invalid or matches nothing.</exception>
    public static ParsedFeed Parse(ReadOnlySpan<byte> body, Uri url, string? contentType, HtmlListingOptions options) =>
        Parse(HtmlPage.Load(body, url, contentType, "not a listing: empty body"), options, NoListing);

    /// <param name="noListingMessage">What to say when the heuristic finds no list (the caller knows what it expected).</param>
    internal static ParsedFeed Parse(HtmlPage page, HtmlListingOptions options, string noListingMessage)
    {
        var entries = options.ItemSelector is { } itemSelector
            ? ConfiguredItems(page, itemSelector)
            : ListingHeuristic.Find(page).Select(e => (e.Item, (IElement?)e.Link)).ToList();
        if (entries.Count == 0)
        {
            throw new FeedParseException(noListingMessage);
        }

        var reader = new ItemReader(page, options);
        var items = new List<FeedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, link) in entries)
        {
            if (reader.Read(item, link) is { } read && seen.Add(PageLinks.Key(new Uri(read.Link!))))
            {
                items.Add(read);
            }
        }

        reader.ThrowIfMisconfigured(entries.Count);
        if (items.Count == 0)
        {
            throw new FeedParseException(options.ItemSelector is null
                ? noListingMessage
                : $"not a listing: none of the {entries.Count} items matched by '{options.ItemSelector}' has an http(s) link");
        }

        var info = new FeedInfo
        {
            Title = page.Document.QuerySelector("title") is { } title ? ElementText.Of(title) : null,
            Link = page.Url.AbsoluteUri,
            Language = page.Language,
        };
        return new ParsedFeed(Format, page.Encoding, page.EncodingTrusted, page.EncodingError, info, items);
    }

    private static List<(IElement Item, IElement? Link)> ConfiguredItems(HtmlPage page, string itemSelector)
    {
        var matched = Selectors.All(page.Document, itemSelector, HtmlListingOptions.ItemSelectorKey);
        return matched.Count == 0
            ? throw new FeedParseException($"not a listing: the item selector '{itemSelector}' matched nothing")
            : matched.Select(e => (e, (IElement?)null)).ToList();
    }
}
