using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Digests;

/// <summary>
/// Turns a subscription's digests whose time has come into one delivery per channel, which the dispatcher then sends
/// with the usual retries; <see cref="SendDigestJob"/> runs it when the subscription's trigger fires. Crash-safe and
/// safe to run twice at once (two alerting instances both firing): delivery ids derive from (subscription, due time,
/// channel, the items listed), so assembling the same items again creates nothing new, and exactly the items listed are
/// marked sent, only after their deliveries exist. An item held for the digest after it was listed keeps waiting and
/// goes out in a follow-up digest of its own. Items that cannot be rendered are recorded as a failed delivery saying
/// why and marked, so one bad item neither holds back the rest of its digest nor blocks the subscription's later ones.
/// </summary>
public sealed class DigestAssembler(
    IDigestItemStore items,
    ISubscriptionStore subscriptions,
    IDeliveryStore deliveries,
    TimeProvider time,
    ILogger<DigestAssembler> logger)
{
    /// <summary>The type of the body recorded for digest items that could not be sent; it is no digest, so no reader lists its items.</summary>
    public const string FailedEventType = "digest.failed";

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
        if (waiting.Count == 0)
        {
            // Another instance marked them between the due-time query and this listing.
            return;
        }

        var subscription = await subscriptions.GetAsync(digest.SubscriptionId, cancellationToken);
        if (subscription is null)
        {
            // Deleting is the subscriber's own decision to hear nothing more; there is nothing left to record the items against.
            logger.LogWarning(
                "Subscription {SubscriptionId} is deleted; its digest due {DueAt} with {Count} items is dropped",
                digest.SubscriptionId, digest.DueAt, waiting.Count);
            await MarkAsync(digest, waiting, cancellationToken);
            return;
        }

        var refusal = await RefusalAsync(subscription, cancellationToken);
        var (sendable, failed) = Decode(waiting);
        if (sendable.Count > 0)
        {
            var carried = sendable.Select(i => i.Item).ToList();
            List<Delivery> built;
            try
            {
                // Only rendering is guarded: a store failure below must fail the run, which the trigger sync retries.
                var payload = Payload(subscription, digest, carried, [.. sendable.Select(i => i.Data)]);
                built = [.. DeliveriesFor(subscription, digest, DigestIds.ItemSet(carried.Select(i => i.Key())), payload, now, includeDisabledWebhook: refusal is not null)];
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Digest of subscription {SubscriptionId} due {DueAt} cannot be rendered", subscription.Id, digest.DueAt);
                failed.AddRange(carried.Select(i => (i, $"The digest could not be rendered: {e.Message}")));
                carried.Clear();
                built = [];
            }

            if (carried.Count > 0)
            {
                var created = 0;
                foreach (var delivery in built)
                {
                    // A digest that cannot go out is still recorded, as a failed delivery saying why: the API lists it, the
                    // feed shows its items, and it can be replayed once the subscription is usable again.
                    var recorded = refusal is null ? delivery : delivery with { State = DeliveryState.Failed, LastError = refusal };
                    created += await deliveries.TryCreateAsync(recorded, cancellationToken) ? 1 : 0;
                }

                activity?.SetTag("briwatch.digest.items", carried.Count);
                if (refusal is null)
                {
                    logger.LogInformation("Digest of subscription {SubscriptionId} due {DueAt}: {Count} items, {Created} deliveries", subscription.Id, digest.DueAt, carried.Count, created);
                }
                else
                {
                    logger.LogWarning(
                        "Digest of subscription {SubscriptionId} due {DueAt} with {Count} items is recorded as {Created} failed deliveries: {Reason}",
                        subscription.Id, digest.DueAt, carried.Count, created, refusal);
                }

                await MarkAsync(digest, carried, cancellationToken);
            }
        }

        if (failed.Count > 0)
        {
            await RecordFailedAsync(subscription, digest, failed, now, cancellationToken);
        }
    }

    /// <summary>Marks exactly <paramref name="carried"/> as sent, in the digest their key set names.</summary>
    private async Task MarkAsync(DueDigest digest, IReadOnlyCollection<DigestItem> carried, CancellationToken cancellationToken)
    {
        var keys = carried.Select(i => i.Key()).ToList();
        await items.MarkSentAsync(digest, keys, DigestIds.For(digest, DigestIds.ItemSet(keys)), cancellationToken);
    }

    /// <summary>Each item's <c>article.matched</c> data, or why it has none (a payload corrupted or written by hand).</summary>
    private static (List<(DigestItem Item, ArticleMatchedData Data)> Sendable, List<(DigestItem Item, string Why)> Failed) Decode(IReadOnlyList<DigestItem> waiting)
    {
        var sendable = new List<(DigestItem, ArticleMatchedData)>(waiting.Count);
        var failed = new List<(DigestItem, string)>();
        foreach (var item in waiting)
        {
            try
            {
                sendable.Add((item, ItemData(item)));
            }
            catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
            {
                failed.Add((item, $"The item's stored payload cannot be read: {e.Message}"));
            }
        }

        return (sendable, failed);
    }

    /// <summary>
    /// Records items that cannot be sent as one failed delivery per channel, listing them and why, then marks them so
    /// the subscription's later digests are not held behind them. Its body is no digest, so the feed lists none of them.
    /// </summary>
    private async Task RecordFailedAsync(
        Subscription subscription, DueDigest digest, List<(DigestItem Item, string Why)> failed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var itemSet = DigestIds.ItemSet(failed.Select(f => f.Item.Key()));
        var reason = $"{failed.Count} digest item(s) could not be sent: "
            + string.Join("; ", failed.Select(f => $"{f.Item.StoryId}{(f.Item.Revision.Length == 0 ? "" : "/" + f.Item.Revision)}: {f.Why}"));
        var body = JsonSerializer.Serialize(
            new
            {
                type = FailedEventType,
                timestamp = digest.DueAt,
                subscriptionId = subscription.Id,
                items = failed.Select(f => new { storyId = f.Item.StoryId, revision = f.Item.Revision, articleId = f.Item.ArticleId, error = f.Why }),
            },
            ArticleMatchedPayload.JsonOptions);
        var targets = new List<(string Channel, string Target)>();
        if (subscription.Webhook is { } webhook)
        {
            targets.Add((DeliveryChannels.Webhook, webhook.Url));
        }

        if (subscription.Email is { } email)
        {
            targets.Add((DeliveryChannels.Email, email.Address));
        }

        foreach (var (channel, target) in targets)
        {
            var delivery = DeliveryFactory.Digest(digest, channel, target, itemSet, body, now) with { State = DeliveryState.Failed, LastError = reason };
            await deliveries.TryCreateAsync(delivery, cancellationToken);
        }

        logger.LogError(
            "Digest of subscription {SubscriptionId} due {DueAt}: {Count} items cannot be sent and are recorded as failed: {Reason}",
            subscription.Id, digest.DueAt, failed.Count, reason);
        await MarkAsync(digest, [.. failed.Select(f => f.Item)], cancellationToken);
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

    private static DigestPayload Payload(Subscription subscription, DueDigest digest, IReadOnlyList<DigestItem> carried, IReadOnlyList<ArticleMatchedData> data)
    {
        var zone = LocalClock.Zone(subscription.TimeZone);
        // The subscription may have left digest mode since these items were held; they then cover the time since the first of them.
        var start = subscription.Mode == SubscriptionMode.Instant
            ? carried.Min(i => i.MatchedAt)
            : DigestSchedule.Previous(subscription, digest.DueAt);
        var period = new DigestPeriod(ModeName(subscription.Mode), subscription.TimeZone, TimeZoneInfo.ConvertTime(start, zone), TimeZoneInfo.ConvertTime(digest.DueAt, zone));
        return new DigestPayload(
            DigestPayload.EventType,
            digest.DueAt,
            period,
            subscription.Id,
            subscription.Name,
            data);
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
    private static IEnumerable<Delivery> DeliveriesFor(
        Subscription subscription, DueDigest digest, string itemSet, DigestPayload payload, DateTimeOffset now, bool includeDisabledWebhook)
    {
        if (subscription.Webhook is { } webhook && (includeDisabledWebhook || !webhook.Disabled))
        {
            yield return DeliveryFactory.Digest(digest, DeliveryChannels.Webhook, webhook.Url, itemSet, DigestMessages.Render(webhook.Format, payload), now);
        }

        if (subscription.Email is { } email)
        {
            // The email is rendered from this standard body when sent, like article alerts.
            yield return DeliveryFactory.Digest(digest, DeliveryChannels.Email, email.Address, itemSet, payload.ToJson(), now);
        }
    }
}
