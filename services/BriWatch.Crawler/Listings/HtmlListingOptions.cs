namespace BriWatch.Crawler.Listings;

/// <summary>
/// How to read an announcement list page, from the <c>Options</c> of a <c>HtmlList</c> (or <c>Auto</c>) source:
/// <list type="bullet">
/// <item><c>itemSelector</c>: CSS selector of each item's container or link, e.g. <c>ul.txtList_01 li</c>. Without it a heuristic
/// finds the list: the largest group of sibling elements that each hold one same-site link with a title-like text, outside
/// navigation, header, footer and sidebars.</item>
/// <item><c>linkSelector</c>: CSS selector of the link within an item. Default: the item itself when it is an <c>&lt;a&gt;</c>,
/// else its first <c>a[href]</c>.</item>
/// <item><c>titleSelector</c>: CSS selector of the title within an item. Default: the link's text (or its <c>title</c>
/// attribute when the text is cut short with an ellipsis).</item>
/// <item><c>dateSelector</c>: CSS selector of the date within an item (its <c>datetime</c> or <c>content</c> attribute, else its
/// text; see <see cref="ListingDates"/>). Default: a <c>time[datetime]</c> in the item, else the first date in the item's text.</item>
/// </list>
/// A configured selector that matches nothing is reported as an error, because it means the page changed or the source is misconfigured.
/// </summary>
public sealed record HtmlListingOptions(
    string? ItemSelector = null,
    string? LinkSelector = null,
    string? TitleSelector = null,
    string? DateSelector = null)
{
    public const string ItemSelectorKey = "itemSelector";
    public const string LinkSelectorKey = "linkSelector";
    public const string TitleSelectorKey = "titleSelector";
    public const string DateSelectorKey = "dateSelector";

    /// <summary>No selectors: find the list heuristically.</summary>
    public static HtmlListingOptions Heuristic { get; } = new();

    public static HtmlListingOptions FromSource(IReadOnlyDictionary<string, string>? options) =>
        new(
            SourceOptions.Text(options, ItemSelectorKey),
            SourceOptions.Text(options, LinkSelectorKey),
            SourceOptions.Text(options, TitleSelectorKey),
            SourceOptions.Text(options, DateSelectorKey));
}
