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

        // A null or blank entry would be stored and then break matching for every subscriber, so refuse it here too.
        foreach (var (values, field) in new[] { (subscription.Topics, "Topics"), (subscription.Countries, "Countries") })
        {
            if (FirstBlank(values) is { } blank)
            {
                throw new ArgumentException($"Subscription {field}[{blank}] is null or blank.", nameof(subscription));
            }
        }

        // Enums read back from a number ("mode": 42) are not values matching and digests know how to handle.
        if (!Enum.IsDefined(subscription.Mode))
        {
            throw new ArgumentException($"Subscription Mode {(int)subscription.Mode} is not a subscription mode.", nameof(subscription));
        }

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

    private static int? FirstBlank(IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                return i;
            }
        }

        return null;
    }
}
