using System.Diagnostics;
using System.Text.Json;
using BriWatch.Alerting.Delivery;
using BriWatch.Alerting.Scheduling;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;
using StoredDelivery = BriWatch.Storage.Deliveries.Delivery;

namespace BriWatch.Alerting.Digests;

/// <summary>
/// Turns a subscription's digests whose time has come into one delivery per channel, which the dispatcher then sends
/// with the usual retries; <see cref="SendDigestJob"/> runs it when the subscription's trigger fires. Crash-safe and
/// safe to run twice at once (two alerting instances both firing): delivery ids derive from (subscription, due time,
/// channel), so assembling a digest again creates nothing new, and its items are marked sent only after its deliveries exist.
/// </summary>
public sealed class DigestAssembler(
    IDigestItemStore items,
    ISubscriptionStore subscriptions,
    IDeliveryStore deliveries,
    TimeProvider time,
    ILogger<DigestAssembler> logger)
{
    /// <summary>Assembles every digest of the subscription due now, earliest first; returns how many there were.</summary>
    public async Task<int> AssembleDueAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var assembled = 0;
        // Each pass marks its digest's items sent, so the next due time is a later digest's.
        while (await items.NextDueAsync(subscriptionId, cancellationToken) is { } dueAt && dueAt <= now)
        {
            await AssembleAsync(new DueDigest(subscriptionId, dueAt), now, cancellationToken);
            assembled++;
        }

        return assembled;
    }

    private async Task AssembleAsync(DueDigest digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var activity = AlertingTelemetry.Source.StartActivity("alerting.digest");
        activity?.SetTag("briwatch.subscription.id", digest.SubscriptionId);
        var waiting = await items.ListWaitingAsync(digest, cancellationToken);
        var subscription = await subscriptions.GetAsync(digest.SubscriptionId, cancellationToken);
        if (subscription is null)
        {
            // Deleting is the subscriber's own decision to hear nothing more; there is nothing left to record the items against.
            logger.LogWarning(
                "Subscription {SubscriptionId} is deleted; its digest due {DueAt} with {Count} items is dropped",
                digest.SubscriptionId, digest.DueAt, waiting.Count);
        }
        else if (waiting.Count > 0)
        {
            var payload = Payload(subscription, digest, waiting);
            var refusal = await RefusalAsync(subscription, cancellationToken);
            var created = 0;
            foreach (var delivery in DeliveriesFor(subscription, digest, payload, now, includeDisabledWebhook: refusal is not null))
            {
                // A digest that cannot go out is still recorded, as a failed delivery saying why: the API lists it, the
                // feed shows its items, and it can be replayed once the subscription is usable again.
                var recorded = refusal is null ? delivery : delivery with { State = DeliveryState.Failed, LastError = refusal };
                created += await deliveries.TryCreateAsync(recorded, cancellationToken) ? 1 : 0;
            }

            activity?.SetTag("briwatch.digest.items", waiting.Count);
            if (refusal is null)
            {
                logger.LogInformation("Digest of subscription {SubscriptionId} due {DueAt}: {Count} items, {Created} deliveries", subscription.Id, digest.DueAt, waiting.Count, created);
            }
            else
            {
                logger.LogWarning(
                    "Digest of subscription {SubscriptionId} due {DueAt} with {Count} items is recorded as {Created} failed deliveries: {Reason}",
                    subscription.Id, digest.DueAt, waiting.Count, created, refusal);
            }
        }

        await items.MarkSentAsync(digest, DigestIds.For(digest), cancellationToken);
    }

    /// <summary>Why the digest cannot be sent now, or null when it can; an enabled subscription with no usable channel is disabled with the reason.</summary>
    private async Task<string?> RefusalAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        if (!subscription.Enabled)
        {
            var why = subscription.DisabledReason is { } reason ? $" ({reason})" : "";
            return $"Subscription {subscription.Id} was disabled when this digest was due{why}; re-enable it and replay this delivery.";
        }

        if (subscription.Webhook is { Disabled: false } || subscription.Email is not null)
        {
            return null;
        }

        var noChannel = DeliveryChannels.NoUsableChannelReason(subscription);
        if (await subscriptions.DisableAsync(subscription.Id, noChannel, cancellationToken))
        {
            logger.LogWarning("Subscription {SubscriptionId} has a digest due but no usable channel; it is now disabled", subscription.Id);
        }

        return noChannel;
    }

    private static DigestPayload Payload(Subscription subscription, DueDigest digest, IReadOnlyList<DigestItem> waiting)
    {
        var zone = LocalClock.Zone(subscription.TimeZone);
        // The subscription may have left digest mode since these items were held; they then cover the time since the first of them.
        var start = subscription.Mode == SubscriptionMode.Instant
            ? waiting.Min(i => i.MatchedAt)
            : DigestSchedule.Previous(subscription, digest.DueAt);
        var period = new DigestPeriod(ModeName(subscription.Mode), subscription.TimeZone, TimeZoneInfo.ConvertTime(start, zone), TimeZoneInfo.ConvertTime(digest.DueAt, zone));
        return new DigestPayload(
            DigestPayload.EventType,
            digest.DueAt,
            period,
            subscription.Id,
            subscription.Name,
            [.. waiting.Select(ItemData)]);
    }

    private static ArticleMatchedData ItemData(DigestItem item) =>
        JsonSerializer.Deserialize<ArticleMatchedPayload>(item.Payload, ArticleMatchedPayload.JsonOptions)?.Data
        ?? throw new FormatException($"Digest item {item.SubscriptionId}/{item.StoryId} has an empty payload.");

    private static string ModeName(SubscriptionMode mode) => mode switch
    {
        SubscriptionMode.DigestHourly => "hourly",
        SubscriptionMode.DigestDaily => "daily",
        SubscriptionMode.DigestWeekly => "weekly",
        _ => "instant",
    };

    /// <param name="includeDisabledWebhook">Also a disabled endpoint, to record the digest against it when it cannot be sent.</param>
    private static IEnumerable<StoredDelivery> DeliveriesFor(
        Subscription subscription, DueDigest digest, DigestPayload payload, DateTimeOffset now, bool includeDisabledWebhook)
    {
        if (subscription.Webhook is { } webhook && (includeDisabledWebhook || !webhook.Disabled))
        {
            yield return NewDelivery(digest, DeliveryChannels.Webhook, webhook.Url, DigestMessages.Render(webhook.Format, payload), now);
        }

        if (subscription.Email is { } email)
        {
            // The email is rendered from this standard body when sent, like article alerts.
            yield return NewDelivery(digest, DeliveryChannels.Email, email.Address, payload.ToJson(), now);
        }
    }

    private static StoredDelivery NewDelivery(DueDigest digest, string channel, string target, string payload, DateTimeOffset now) => new()
    {
        Id = DigestIds.DeliveryId(digest, channel),
        SubscriptionId = digest.SubscriptionId,
        StoryId = DigestIds.StoryKey(digest.DueAt),
        ArticleId = DigestIds.ArticleId,
        Channel = channel,
        Target = target,
        Payload = payload,
        State = DeliveryState.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
        TraceParent = Activity.Current?.Id,
    };
}
