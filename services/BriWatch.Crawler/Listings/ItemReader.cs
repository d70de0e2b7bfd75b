using AngleSharp.Dom;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>Reads link, title and date from one list item, and remembers which configured selectors never matched.</summary>
internal sealed class ItemReader(HtmlPage page, HtmlListingOptions options)
{
    private int linkMatches;
    private int titleMatches;
    private int dateMatches;
    private int datesRead;
    private string? unreadDate;

    /// <param name="link">The link the heuristic chose, if it chose one.</param>
    /// <returns>The item, or null when it has no http(s) link.</returns>
    public FeedItem? Read(IElement item, IElement? link)
    {
        var anchor = FindLink(item, link);
        if (anchor is null || PageLinks.Resolve(page.BaseUri, anchor.GetAttribute("href")) is not { } url)
        {
            return null;
        }

        return new FeedItem
        {
            Link = url.AbsoluteUri,
            Title = Title(item, anchor),
            Published = Date(item, anchor),
        };
    }

    /// <summary>A configured selector that matched in none of the items means the page changed or the option is wrong.</summary>
    /// <exception cref="FeedParseException">Such a selector exists.</exception>
    public void ThrowIfMisconfigured(int itemCount)
    {
        NeverMatched(options.LinkSelector, linkMatches, "link", itemCount);
        NeverMatched(options.TitleSelector, titleMatches, "title", itemCount);
        NeverMatched(options.DateSelector, dateMatches, "date", itemCount);
        if (options.DateSelector is { } dateSelector && datesRead == 0 && unreadDate is not null)
        {
            throw new FeedParseException($"not a listing: the date selector '{dateSelector}' matched text that is not a date, e.g. '{unreadDate}'");
        }
    }

    private static void NeverMatched(string? selector, int matches, string what, int itemCount)
    {
        if (selector is not null && matches == 0)
        {
            throw new FeedParseException($"not a listing: the {what} selector '{selector}' matched nothing in any of the {itemCount} items");
        }
    }

    private IElement? FindLink(IElement item, IElement? chosen)
    {
        if (options.LinkSelector is { } selector)
        {
            var match = Selectors.Matches(item, selector, HtmlListingOptions.LinkSelectorKey) ? item : Selectors.First(item, selector, HtmlListingOptions.LinkSelectorKey);
            linkMatches += match is null ? 0 : 1;
            // The selector may name the link's wrapper ("h3.title"); the link is then inside it.
            return match is null || match.LocalName == "a" ? match : match.QuerySelector("a[href]");
        }

        return chosen ?? (item.LocalName == "a" && item.HasAttribute("href") ? item : item.QuerySelector("a[href]"));
    }

    private string? Title(IElement item, IElement anchor)
    {
        if (options.TitleSelector is { } selector && Selectors.First(item, selector, HtmlListingOptions.TitleSelectorKey) is { } titleElement)
        {
            titleMatches++;
            return NonEmpty(ElementText.Of(titleElement));
        }

        var text = ElementText.Of(anchor);
        // Lists cut long titles ("中国与巴西签署…") and keep the full one in the title attribute.
        var attribute = anchor.GetAttribute("title")?.Trim();
        var cut = text.Length == 0 || text.EndsWith("...", StringComparison.Ordinal) || text.EndsWith('…');
        return NonEmpty(cut && attribute is { Length: > 0 } && attribute.Length >= text.Length ? attribute : text);
    }

    private DateTimeOffset? Date(IElement item, IElement anchor)
    {
        if (options.DateSelector is { } selector)
        {
            if (Selectors.First(item, selector, HtmlListingOptions.DateSelectorKey) is not { } dateElement)
            {
                return null;
            }

            dateMatches++;
            var text = dateElement.GetAttribute("datetime") ?? dateElement.GetAttribute("content") ?? ElementText.Of(dateElement);
            var date = ListingDates.Parse(text);
            datesRead += date is null ? 0 : 1;
            unreadDate ??= date is null && text.Trim().Length > 0 ? Shorten(text.Trim()) : null;
            return date;
        }

        if (item.QuerySelector("time[datetime]") is { } time && ListingDates.Parse(time.GetAttribute("datetime")) is { } machineDate)
        {
            return machineDate;
        }

        return ReferenceEquals(item, anchor) ? null : ListingDates.Find(ElementText.Of(item, except: anchor));
    }

    private static string? NonEmpty(string text) => text.Length == 0 ? null : text;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
