using BriWatch.Alerting.Delivery;
using BriWatch.Alerting.Scheduling;
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

            if (AlertRevision.For(article, [.. held[subscription.Id].Select(StoryFacts.Of)]) is not { } revision)
            {
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

            var item = new DigestItem
            {
                SubscriptionId = subscription.Id,
                StoryId = article.StoryId,
                Revision = revision.Revision,
                Stage = revision.Facts.Stage,
                AmountUsd = revision.Facts.AmountUsd,
                ArticleId = article.ArticleId,
                Payload = ArticleMatchedPayload.From(article, subscription, revision.Development).ToJson(),
                MatchedAt = now,
                DueAt = dueAt,
            };
            if (await items.TryAddAsync(item, cancellationToken))
            {
                added++;
                await triggers.EnsureFiresByAsync(subscription.Id, item.DueAt, cancellationToken);
            }
        }

        return added;
    }
}
