using BriWatch.Storage.Subscriptions;

namespace BriWatch.Storage.Validation;

internal static class SubscriptionRules
{
    public static void Validate(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        foreach (var (value, field) in new[] { (subscription.Id, "Id"), (subscription.Owner, "Owner"), (subscription.Name, "Name") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"Subscription {field} is required.", nameof(subscription));
            }
        }

        if (subscription.FeedToken is not null && string.IsNullOrWhiteSpace(subscription.FeedToken))
        {
            throw new ArgumentException("Subscription FeedToken must be null (to have one generated) or non-blank.", nameof(subscription));
        }

        ArgumentNullException.ThrowIfNull(subscription.Topics);
        ArgumentNullException.ThrowIfNull(subscription.Countries);
    }
}
