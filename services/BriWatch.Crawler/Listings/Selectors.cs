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
            throw Invalid(selector, optionName, ex);
        }
    }

    public static bool Matches(IElement element, string selector, string optionName)
    {
        try
        {
            return element.Matches(selector);
        }
        catch (DomException ex)
        {
            throw Invalid(selector, optionName, ex);
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
            throw Invalid(selector, optionName, ex);
        }
    }

    private static FeedParseException Invalid(string selector, string optionName, DomException ex) =>
        new($"invalid {optionName} '{selector}': not a CSS selector", ex);
}
