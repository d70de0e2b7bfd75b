using BriWatch.Alerting.Alerts;
using BriWatch.Storage.DailyCaps;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Dispatch;

/// <summary>
/// Holds instant alerts back, never drops them: one due inside its subscription's quiet hours waits until they end;
/// one beyond the daily cap (alerts sent on the subscriber's local day, each story development counted once whatever its
/// channels and retries) waits until the next local midnight, when it counts toward that day. The count is kept in the
/// store and taken atomically, so dispatchers in several processes together never exceed the cap. Digests and endpoint
/// test events are never held: the subscriber chose their time.
/// </summary>
public sealed class AlertHolds(ISubscriptionStore subscriptions, IDeliveryStore deliveries, IDailyCapStore dailyCaps, ILogger<AlertHolds> logger)
{
    /// <summary>Records a hold for every claimed delivery that must wait and returns the ones to send now.</summary>
    public async Task<IReadOnlyList<Delivery>> ReleaseAsync(IReadOnlyList<Delivery> claimed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var release = new List<Delivery>(claimed.Count);
        foreach (var group in claimed.GroupBy(d => d.SubscriptionId, StringComparer.Ordinal))
        {
            release.AddRange(group.Where(d => !IsInstantAlert(d)));
            // Oldest first, so under the cap the alerts that matched first go first.
            var alerts = group.Where(IsInstantAlert).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
            var subscription = alerts.Count == 0 ? null : await subscriptions.GetAsync(group.Key, cancellationToken);
            if (subscription is null || (subscription.QuietHours is null && subscription.DailyCap is null))
            {
                // A missing subscription is the dispatcher's to refuse, with its own error.
                release.AddRange(alerts);
                continue;
            }

            var zone = LocalClock.Zone(subscription.TimeZone);
            var local = LocalClock.ToLocal(now, zone);
            if (subscription.QuietHours is { } quiet && quiet.Contains(TimeOnly.FromDateTime(local)))
            {
                var until = QuietEnd(quiet, local, zone, now);
                await HoldAsync(alerts, now, until, $"Held for quiet hours ({quiet.Start:HH:mm}-{quiet.End:HH:mm} {subscription.TimeZone}) until {until:u}.", cancellationToken);
                continue;
            }

            if (subscription.DailyCap is not { } cap)
            {
                release.AddRange(alerts);
                continue;
            }

            var day = DateOnly.FromDateTime(local);
            var nextMidnight = LocalClock.ToInstant(local.Date.AddDays(1), zone);
            var over = new List<Delivery>();
            foreach (var alert in alerts)
            {
                // A retry was counted on the day it was first sent; another channel of a counted alert is the same alert.
                if (alert.Attempts > 0 || await dailyCaps.TryCountAsync(subscription.Id, day, AlertKey(alert), cap, now, cancellationToken))
                {
                    release.Add(alert);
                }
                else
                {
                    over.Add(alert);
                }
            }

            await HoldAsync(over, now, nextMidnight, $"Held: the daily cap of {cap} alerts is reached; sends from {nextMidnight:u} (next local day in {subscription.TimeZone}).", cancellationToken);
        }

        return release;
    }

    private static bool IsInstantAlert(Delivery delivery) => delivery.Kind == DeliveryKind.Alert;

    private static string AlertKey(Delivery delivery) => $"{delivery.StoryId}|{delivery.Revision}";

    /// <summary>The end of the quiet period <paramref name="local"/> falls in, always after <paramref name="now"/>.</summary>
    private static DateTimeOffset QuietEnd(QuietHours quiet, DateTime local, TimeZoneInfo zone, DateTimeOffset now)
    {
        var time = TimeOnly.FromDateTime(local);
        var date = time < quiet.End ? local.Date : local.Date.AddDays(1);
        var end = LocalClock.ToInstant(date + quiet.End.ToTimeSpan(), zone);

        // In the repeated hour of a fall-back change the end's first occurrence may be past; the wall-clock distance is then right.
        return end > now ? end : now + (quiet.End - time);
    }

    private async Task HoldAsync(IReadOnlyList<Delivery> held, DateTimeOffset now, DateTimeOffset until, string reason, CancellationToken cancellationToken)
    {
        foreach (var delivery in held)
        {
            await deliveries.RecordAttemptAsync(new DeliveryAttempt(delivery.Id, DeliveryState.Pending, delivery.Attempts, now, until, reason, delivery.ClaimToken), cancellationToken);
            logger.LogInformation("Delivery {DeliveryId} of subscription {SubscriptionId}: {Reason}", delivery.Id, delivery.SubscriptionId, reason);
        }
    }
}
