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
        if (subscription is not { Enabled: true })
        {
            logger.LogWarning(
                "Subscription {SubscriptionId} is {Reason}; its digest due {DueAt} with {Count} items is dropped",
                digest.SubscriptionId, subscription is null ? "deleted" : "disabled", digest.DueAt, waiting.Count);
        }
        else if (waiting.Count > 0)
        {
            var payload = Payload(subscription, digest, waiting);
            var created = 0;
            foreach (var delivery in DeliveriesFor(subscription, digest, payload, now))
            {
                created += await deliveries.TryCreateAsync(delivery, cancellationToken) ? 1 : 0;
            }

            activity?.SetTag("briwatch.digest.items", waiting.Count);
            logger.LogInformation("Digest of subscription {SubscriptionId} due {DueAt}: {Count} items, {Created} deliveries", subscription.Id, digest.DueAt, waiting.Count, created);
        }

        await items.MarkSentAsync(digest, DigestIds.For(digest), cancellationToken);
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

    private static IEnumerable<StoredDelivery> DeliveriesFor(Subscription subscription, DueDigest digest, DigestPayload payload, DateTimeOffset now)
    {
        if (subscription.Webhook is { Disabled: false } webhook)
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
