using BriWatch.Alerting.Delivery;
using BriWatch.Alerting.Scheduling;
using BriWatch.Contracts;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Digests;

/// <summary>Holds a digest subscription's match for its next digest: at most once per (subscription, story).</summary>
public sealed class DigestCollector(IDigestItemStore items, TimeProvider time)
{
    /// <summary>True when the story was not yet held or sent for this subscription.</summary>
    public async Task<bool> HoldAsync(Subscription subscription, ArticleClassified article, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await items.TryAddAsync(
            new DigestItem
            {
                SubscriptionId = subscription.Id,
                StoryId = article.StoryId,
                ArticleId = article.ArticleId,
                Payload = ArticleMatchedPayload.From(article, subscription).ToJson(),
                MatchedAt = now,
                DueAt = DigestSchedule.Next(subscription, now),
            },
            cancellationToken);
    }
}
