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

        ArgumentNullException.ThrowIfNull(subscription.Topics);
        ArgumentNullException.ThrowIfNull(subscription.Countries);
    }
}
