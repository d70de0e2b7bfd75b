using BriWatch.Matching.Query;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Matching;

public static class SubscriptionIndexBuilder
{
    /// <summary>Parses each query once; a subscription whose stored query does not parse is reported and left out.</summary>
    public static SubscriptionIndex Build(IEnumerable<Subscription> subscriptions, Action<Subscription, QueryParseException> invalid)
    {
        var indexed = new List<IndexedSubscription>();
        foreach (var subscription in subscriptions)
        {
            if (string.IsNullOrWhiteSpace(subscription.Query))
            {
                indexed.Add(new(subscription, null));
            }
            else if (SubscriptionQuery.TryParse(subscription.Query, out var query, out var error))
            {
                indexed.Add(new(subscription, query));
            }
            else
            {
                invalid(subscription, error!);
            }
        }

        return SubscriptionIndex.Build(indexed);
    }
}
