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
public sealed class DigestCollector(IDigestItemStore items, DigestTriggers triggers, TimeProvider time)
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
            if (AlertRevision.For(article, [.. held[subscription.Id].Select(StoryFacts.Of)]) is not { } revision)
            {
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
                DueAt = DigestSchedule.Next(subscription, now),
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
