using BriWatch.Contracts;

namespace BriWatch.Alerting.Alerts;

/// <summary>
/// Which alert, if any, a classified article earns a subscription that may have heard of its story before: from an
/// instant alert's deliveries or a digest's held items, whichever the subscription's mode keeps.
/// </summary>
/// <param name="Revision">Empty for the story's first alert, so its delivery ids stay what they were before developments existed.</param>
/// <param name="Facts">What the alert reports, stored on its deliveries or digest item for the next comparison.</param>
/// <param name="Development">Null for a first alert.</param>
public sealed record AlertRevision(string Revision, StoryFacts Facts, StoryDevelopment? Development)
{
    /// <param name="alerted">What each earlier alert of this story to the subscription reported, oldest first.</param>
    /// <returns>Null when the article is no news to the subscription: a redelivery, a syndicated copy, or a development it was already alerted on.</returns>
    public static AlertRevision? For(ArticleClassified article, IReadOnlyList<StoryFacts> alerted)
    {
        var reported = StoryFacts.Of(article);
        if (alerted.Count == 0)
        {
            return new AlertRevision("", reported, null);
        }

        // Against every earlier alert, not only the latest: a late redelivery of an older development stays silent.
        if (alerted.Any(facts => !reported.IsNewOver(facts)))
        {
            return null;
        }

        var previous = alerted[^1];
        var current = reported.Over(previous);
        return new AlertRevision(current.Revision(), current, StoryDevelopment.Between(previous, current));
    }
}
