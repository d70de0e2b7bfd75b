using BriWatch.Alerting.Alerts;
using BriWatch.Contracts;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Digests;

/// <summary>
/// Holds digest subscriptions' matches for their next digest by the instant alerts' rule (<see cref="AlertRevision"/>):
/// a story once, then once more per new development (its stage or amount changed), which the digest lists with its
/// <c>development</c>. Items are keyed by revision, so a redelivered or syndicated copy is held no second time.
/// </summary>
public sealed class DigestCollector(IDigestItemStore items, DigestTriggers triggers, TimeProvider time, ILogger<DigestCollector> logger)
{
    // A story's first report and one development racing: the second try sees the first's revision. More are for safety.
    private const int RevisionAttempts = 3;

    /// <summary>Holds the article for each of <paramref name="subscriptions"/> it is news to; returns how many items were added.</summary>
    public async Task<int> HoldAsync(IReadOnlyList<Subscription> subscriptions, ArticleClassified article, CancellationToken cancellationToken)
    {
        if (subscriptions.Count == 0)
        {
            return 0;
        }

        var held = (await items.ListForStoryAsync(article.StoryId, cancellationToken)).ToLookup(i => i.SubscriptionId, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var subscription in subscriptions)
        {
            if (!DigestTriggerSync.IsDigest(subscription))
            {
                logger.LogError("Subscription {SubscriptionId} holds no digest item: mode {Mode} is not a digest mode", subscription.Id, (int)subscription.Mode);
                continue;
            }

            DateTimeOffset dueAt;
            try
            {
                dueAt = DigestSchedule.Next(subscription, now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One subscription's malformed schedule must not fault the article for every other subscriber.
                logger.LogError(e, "Subscription {SubscriptionId} holds no digest item: its digest time cannot be computed", subscription.Id);
                continue;
            }

            if (await TryHoldAsync(subscription, article, [.. held[subscription.Id].Select(StoryFacts.Of)], now, dueAt, cancellationToken) is { } item)
            {
                added++;
                await triggers.EnsureFiresByAsync(subscription.Id, item.DueAt, cancellationToken);
            }
        }

        return added;
    }

    /// <summary>
    /// Holds the item the article earns, if any. When another article of the story took the same revision first (two
    /// copies with different stages consumed at once), the story's items are read again and the article judged against
    /// them, as for instant alerts, so its development is held rather than lost.
    /// </summary>
    private async Task<DigestItem?> TryHoldAsync(
        Subscription subscription, ArticleClassified article, List<StoryFacts> held, DateTimeOffset now, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < RevisionAttempts; attempt++)
        {
            if (AlertRevision.For(article, held) is not { } revision)
            {
                return null;
            }

            // The digest computed before may be firing by now: its assembler lists its items once, so an item held
            // for it afterwards would wait for a follow-up digest. Re-reading the clock right before the insert makes
            // that window as short as it can be, and moves the item to the next digest once its first is due.
            var current = time.GetUtcNow();
            if (dueAt <= current)
            {
                dueAt = DigestSchedule.Next(subscription, current);
            }

            var item = DeliveryFactory.HeldItem(subscription, article, revision, now, dueAt);
            if (await items.TryAddAsync(item, cancellationToken))
            {
                return item;
            }

            held = [.. (await items.ListForStoryAsync(article.StoryId, cancellationToken))
                .Where(i => i.SubscriptionId == subscription.Id)
                .Select(StoryFacts.Of)];
        }

        return null;
    }
}
