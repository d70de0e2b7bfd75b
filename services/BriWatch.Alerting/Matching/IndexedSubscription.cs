using BriWatch.Alerting.Matching.Query;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Matching;

/// <summary>A subscription with its query parsed once, when the index is built.</summary>
public sealed record IndexedSubscription(Subscription Subscription, SubscriptionQuery? Query)
{
    public bool NeedsArticleFacts => Query?.NeedsArticleFacts ?? false;

    public bool NeedsSourceFacts => Query?.NeedsSourceFacts ?? false;

    /// <summary>The structured filters and the query, both of which must hold.</summary>
    public bool Matches(MatchDocument document) =>
        SubscriptionFilter.Matches(Subscription, document.Article) && (Query?.Matches(document) ?? true);
}
