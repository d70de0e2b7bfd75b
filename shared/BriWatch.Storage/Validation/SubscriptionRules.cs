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
        if (string.IsNullOrWhiteSpace(subscription.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(subscription.TimeZone, out _))
        {
            throw new ArgumentException($"Subscription TimeZone '{subscription.TimeZone}' is not a known IANA time zone id such as Europe/Berlin.", nameof(subscription));
        }

        if (!Enum.IsDefined(subscription.DigestDay))
        {
            throw new ArgumentException($"Subscription DigestDay {(int)subscription.DigestDay} is not a day of the week.", nameof(subscription));
        }

        if (subscription.QuietHours is { } quiet && quiet.Start == quiet.End)
        {
            throw new ArgumentException("Subscription QuietHours must start and end at different times.", nameof(subscription));
        }

        if (subscription.DailyCap is < 1)
        {
            throw new ArgumentException($"Subscription DailyCap must be at least 1 or null (got {subscription.DailyCap}).", nameof(subscription));
        }
    }
}
