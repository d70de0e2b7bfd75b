using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Digests;

/// <summary>
/// Keeps the digest triggers (<see cref="DigestTriggers"/>) in line with the store, where the API writes subscriptions.
/// An enabled digest subscription's trigger fires at its next digest time, or earlier when held items are due earlier: a
/// digest whose time passed while alerting was down (it then fires at once), or items held under a schedule since
/// changed, which keep their time. Any other subscription keeps a trigger only while it has held items, until their
/// time, when the assembler sends them as a last digest (left digest mode) or drops them (disabled or deleted).
/// </summary>
public sealed class DigestTriggerSync(
    ISubscriptionStore subscriptions,
    IDigestItemStore items,
    DigestTriggers triggers,
    TimeProvider time,
    ILogger<DigestTriggerSync> logger)
{
    /// <summary>Arms, moves or removes every digest trigger whose time differs from the store's; returns how many changed.</summary>
    public async Task<int> SyncAllAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var digests = (await subscriptions.ListEnabledAsync(cancellationToken)).Where(IsDigest).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var nextDue = (await items.ListNextDueAsync(cancellationToken)).ToDictionary(d => d.SubscriptionId, d => d.DueAt, StringComparer.Ordinal);
        var armed = await triggers.ListAsync(cancellationToken);
        var changed = 0;
        foreach (var id in digests.Keys.Union(nextDue.Keys).Union(armed.Keys))
        {
            if (armed.TryGetValue(id, out var next) && next is null)
            {
                // Firing now (a one-shot trigger has no next time while it runs): its job re-arms it when done, and
                // arming it here, at a due time already past, would start a second run of the same digest at once.
                continue;
            }

            DateTimeOffset? fireAt;
            try
            {
                fireAt = FireAt(digests.GetValueOrDefault(id), nextDue.TryGetValue(id, out var due) ? due : null, now);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                // Stores refuse unknown zones, so this is a zone the host's time zone data lacks; the other subscriptions still get their triggers.
                logger.LogError(e, "Subscription {SubscriptionId} gets no digest trigger: its time zone is unknown here", id);
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One malformed record (written before stores checked it, or by hand) must not leave every other
                // subscription without its digest trigger.
                logger.LogError(e, "Subscription {SubscriptionId} gets no digest trigger: its schedule cannot be computed", id);
                continue;
            }

            if (fireAt != armed.GetValueOrDefault(id))
            {
                await triggers.SetAsync(id, fireAt, cancellationToken);
                changed++;
            }
        }

        if (changed > 0)
        {
            logger.LogInformation("Digest trigger sync armed, moved or removed {Changed} triggers", changed);
        }

        return changed;
    }

    /// <summary>Re-arms one subscription's trigger from the store: after it fired, for its next digest.</summary>
    public async Task SyncAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        var nextDue = await items.NextDueAsync(subscriptionId, cancellationToken);
        var fireAt = FireAt(subscription is { Enabled: true } s && IsDigest(s) ? s : null, nextDue, time.GetUtcNow());
        await triggers.SetAsync(subscriptionId, fireAt, cancellationToken);
    }

    /// <summary>When a subscription's trigger should fire next: the earlier of its next digest time and its earliest held item's; null for neither.</summary>
    /// <param name="digest">The subscription when it is an enabled digest subscription, else null.</param>
    private static DateTimeOffset? FireAt(Subscription? digest, DateTimeOffset? nextDue, DateTimeOffset now)
    {
        var scheduled = digest is null ? (DateTimeOffset?)null : DigestSchedule.Next(digest, now);
        return scheduled is { } s && nextDue is { } d ? (d < s ? d : s) : scheduled ?? nextDue;
    }

    /// <summary>Only the defined digest modes: a stored number that names no mode gets no digest rather than a guessed one.</summary>
    internal static bool IsDigest(Subscription subscription) =>
        subscription.Mode is SubscriptionMode.DigestHourly or SubscriptionMode.DigestDaily or SubscriptionMode.DigestWeekly;
}
