using BriWatch.Matching.Query;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Matching.Indexing;

/// <summary>A subscription with its query parsed once, when the index is built.</summary>
public sealed record IndexedSubscription(Subscription Subscription, SubscriptionQuery? Query)
{

    public bool NeedsSourceFacts => Query?.NeedsSourceFacts ?? false;

    /// <summary>The index posted it under its query's topics rather than its topic filter, which then still needs checking.</summary>
    internal bool CheckTopicsAfterIndex { get; init; }

    /// <summary>The same for countries.</summary>
    internal bool CheckCountriesAfterIndex { get; init; }

    /// <summary>The structured filters and the query, both of which must hold.</summary>
    public bool Matches(MatchDocument document) =>
        SubscriptionFilter.Matches(Subscription, document.Article) && (Query?.Matches(document) ?? true);

    /// <summary>The topic and country filters the index's postings have not already established.</summary>
    internal bool RemainingFiltersHold(MatchDocument document) =>
        (!CheckTopicsAfterIndex || SubscriptionFilter.AnyOf(Subscription.Topics, document.Article.Topics))
        && (!CheckCountriesAfterIndex || SubscriptionFilter.AnyOf(Subscription.Countries, document.Article.Countries));
}
