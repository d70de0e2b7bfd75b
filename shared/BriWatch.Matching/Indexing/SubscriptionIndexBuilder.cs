using BriWatch.Matching.Query;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Matching.Indexing;

public static class SubscriptionIndexBuilder
{
    /// <summary>
    /// Parses each query once. A subscription whose stored query does not parse, or whose record is malformed (a null
    /// or blank topic or country, which stores now refuse but older records may hold), is reported and left out, so one
    /// bad record never stops matching for everyone else.
    /// </summary>
    /// <param name="invalid">Called with each subscription left out and why: a <see cref="QueryParseException"/> or a <see cref="FormatException"/>.</param>
    public static SubscriptionIndex Build(IEnumerable<Subscription> subscriptions, Action<Subscription, FormatException> invalid)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(invalid);
        var indexed = new List<IndexedSubscription>();
        foreach (var subscription in subscriptions)
        {
            if (Malformed(subscription) is { } problem)
            {
                invalid(subscription, new FormatException(problem));
            }
            else if (string.IsNullOrWhiteSpace(subscription.Query))
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

    /// <summary>Why the index could not hold <paramref name="subscription"/>, or null when it can.</summary>
    private static string? Malformed(Subscription subscription)
    {
        foreach (var (values, field) in new[] { (subscription.Topics, "topics"), (subscription.Countries, "countries") })
        {
            if (values is null)
            {
                return $"its {field} are missing";
            }

            for (var i = 0; i < values.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(values[i]))
                {
                    return $"{field}[{i}] is null or blank";
                }
            }
        }

        return null;
    }
}
