using AngleSharp.Dom;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>Runs operator-written CSS selectors, turning a syntax error into a readable parse error.</summary>
internal static class Selectors
{
    public static IReadOnlyList<IElement> All(IParentNode scope, string selector, string optionName)
    {
        try
        {
            return scope.QuerySelectorAll(selector).ToList();
        }
        catch (DomException ex)
        {
            throw new FeedParseException($"invalid {optionName} '{selector}': not a CSS selector", ex);
        }
    }

    public static IElement? First(IParentNode scope, string selector, string optionName)
    {
        try
        {
            return scope.QuerySelector(selector);
        }
        catch (DomException ex)
        {
            throw new FeedParseException($"invalid {optionName} '{selector}': not a CSS selector", ex);
        }
    }
}
