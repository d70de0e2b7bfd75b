using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Matching;

/// <summary>The structured filters of a subscription: topics any-of, countries any-of, minimum score, relevance.</summary>
public static class SubscriptionFilter
{
    public static bool Matches(Subscription subscription, ArticleClassified article)
    {
        if (subscription.RelevantOnly && !article.Relevant)
        {
            return false;
        }

        if (article.Score < subscription.MinScore)
        {
            return false;
        }

        return AnyOf(subscription.Topics, article.Topics) && AnyOf(subscription.Countries, article.Countries);
    }

    internal static bool AnyOf(IReadOnlyList<string> wanted, IReadOnlyList<string> present)
    {
        if (wanted.Count == 0)
        {
            return true;
        }

        // Indexed loops: foreach over an IReadOnlyList allocates an enumerator per call.
        for (var w = 0; w < wanted.Count; w++)
        {
            for (var p = 0; p < present.Count; p++)
            {
                if (string.Equals(wanted[w], present[p], StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
