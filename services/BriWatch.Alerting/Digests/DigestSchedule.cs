using BriWatch.Alerting.Alerts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Digests;

/// <summary>
/// When a digest subscription's digests go out, in its time zone: hourly at the top of every local hour, daily at
/// <see cref="Subscription.DigestTime"/>, weekly at that time on <see cref="Subscription.DigestDay"/>. Daylight-saving
/// changes follow <see cref="LocalClock.ToInstant"/>: a digest time skipped by spring-forward goes out the gap later
/// (02:30 → 03:30), one repeated by fall-back goes out once, at its first occurrence.
/// </summary>
public static class DigestSchedule
{
    // Every zone's offset is a whole number of quarter hours, so a local top of the hour falls on a UTC quarter hour.
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>The first digest time strictly after <paramref name="after"/>.</summary>
    /// <exception cref="ArgumentException">The subscription is not in a digest mode.</exception>
    public static DateTimeOffset Next(Subscription subscription, DateTimeOffset after)
    {
        var zone = LocalClock.Zone(subscription.TimeZone);
        if (subscription.Mode == SubscriptionMode.DigestHourly)
        {
            var candidate = new DateTimeOffset(after.UtcTicks - (after.UtcTicks % Quarter.Ticks), TimeSpan.Zero);
            do
            {
                candidate += Quarter;
            }
            while (!IsTopOfHour(candidate, zone));
            return candidate;
        }

        // From the day before: a skipped time of that day can land after its local midnight.
        var date = DateOnly.FromDateTime(LocalClock.ToLocal(after, zone)).AddDays(-1);
        while (true)
        {
            if (Occurrence(subscription, zone, date) is { } at && at > after)
            {
                return at;
            }

            date = date.AddDays(1);
        }
    }

    /// <summary>The last digest time strictly before <paramref name="before"/>: where the period of the digest due then begins.</summary>
    public static DateTimeOffset Previous(Subscription subscription, DateTimeOffset before)
    {
        var zone = LocalClock.Zone(subscription.TimeZone);
        if (subscription.Mode == SubscriptionMode.DigestHourly)
        {
            var candidate = new DateTimeOffset(before.UtcTicks - (before.UtcTicks % Quarter.Ticks), TimeSpan.Zero);
            if (candidate == before)
            {
                candidate -= Quarter;
            }

            while (!IsTopOfHour(candidate, zone))
            {
                candidate -= Quarter;
            }

            return candidate;
        }

        var date = DateOnly.FromDateTime(LocalClock.ToLocal(before, zone)).AddDays(1);
        while (true)
        {
            if (Occurrence(subscription, zone, date) is { } at && at < before)
            {
                return at;
            }

            date = date.AddDays(-1);
        }
    }

    private static bool IsTopOfHour(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = LocalClock.ToLocal(instant, zone);
        return local.Minute == 0 && local.Second == 0;
    }

    private static DateTimeOffset? Occurrence(Subscription subscription, TimeZoneInfo zone, DateOnly date) => subscription.Mode switch
    {
        SubscriptionMode.DigestDaily => LocalClock.ToInstant(date.ToDateTime(subscription.DigestTime), zone),
        SubscriptionMode.DigestWeekly => date.DayOfWeek == subscription.DigestDay ? LocalClock.ToInstant(date.ToDateTime(subscription.DigestTime), zone) : null,
        _ => throw new ArgumentException($"Subscription {subscription.Id} is in {subscription.Mode} mode, which has no digest schedule.", nameof(subscription)),
    };
}
