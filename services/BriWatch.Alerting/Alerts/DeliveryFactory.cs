using System.Diagnostics;
using BriWatch.Contracts;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Alerts;

/// <summary>
/// Builds every new delivery row, of each <see cref="DeliveryKind"/>, and the digest item a match is held as until its
/// digest: ids, kind, facts and bookkeeping are set the same way wherever alerting creates them. Each row is pending and
/// due at once; a caller that records a delivery as failed from the start says so with <c>with</c>.
/// </summary>
public static class DeliveryFactory
{
    // The article ids of rows that carry no single article, as before kinds existed, so API clients that filtered on
    // them keep working; alerting and the API itself go by DeliveryKind.
    private const string DigestArticleId = "digest";
    private const string EndpointTestArticleId = "endpoint-test";

    /// <summary>An instant alert of the article's story development on one channel; the traceparent joins dispatch to the classification's trace.</summary>
    public static Delivery Alert(
        Subscription subscription, ArticleClassified article, AlertRevision revision, string channel, string target, string payload, DateTimeOffset now) =>
        New(DeliveryKind.Alert, DeliveryIds.For(subscription.Id, article.StoryId, channel, revision.Revision), subscription.Id, article.StoryId, article.ArticleId, channel, target, payload, now) with
        {
            Revision = revision.Revision,
            Stage = revision.Facts.Stage,
            AmountUsd = revision.Facts.AmountUsd,
            TraceParent = Activity.Current?.Id,
        };

    /// <param name="itemSet">The digest's <see cref="DigestIds.ItemSet"/>, its revision: two digests of one due time differ by their items.</param>
    public static Delivery Digest(DueDigest digest, string channel, string target, string itemSet, string payload, DateTimeOffset now) =>
        New(DeliveryKind.Digest, DigestIds.DeliveryId(digest, channel, itemSet), digest.SubscriptionId, DigestIds.StoryKey(digest.DueAt), DigestArticleId, channel, target, payload, now) with
        {
            Revision = itemSet,
            TraceParent = Activity.Current?.Id,
        };

    /// <summary>The <c>webhook.test</c> event of the subscription's endpoint <paramref name="url"/>, one per (subscription, URL).</summary>
    public static Delivery EndpointTest(Subscription subscription, string url, string payload, DateTimeOffset now)
    {
        var story = DeliveryIds.EndpointTestStory(url);
        return New(DeliveryKind.EndpointTest, DeliveryIds.For(subscription.Id, story, DeliveryChannels.Webhook), subscription.Id, story, EndpointTestArticleId, DeliveryChannels.Webhook, url, payload, now);
    }

    /// <summary>
    /// A digest subscription's match, held for its digest due at <paramref name="dueAt"/> with the same facts and
    /// <c>article.matched</c> body an instant alert of it would carry.
    /// </summary>
    public static DigestItem HeldItem(Subscription subscription, ArticleClassified article, AlertRevision revision, DateTimeOffset matchedAt, DateTimeOffset dueAt) => new()
    {
        SubscriptionId = subscription.Id,
        StoryId = article.StoryId,
        Revision = revision.Revision,
        Stage = revision.Facts.Stage,
        AmountUsd = revision.Facts.AmountUsd,
        ArticleId = article.ArticleId,
        Payload = ArticleMatchedPayload.From(article, subscription, revision.Development).ToJson(),
        MatchedAt = matchedAt,
        DueAt = dueAt,
    };

    private static Delivery New(
        DeliveryKind kind, string id, string subscriptionId, string storyId, string articleId, string channel, string target, string payload, DateTimeOffset now) => new()
    {
        Id = id,
        Kind = kind,
        SubscriptionId = subscriptionId,
        StoryId = storyId,
        ArticleId = articleId,
        Channel = channel,
        Target = target,
        Payload = payload,
        State = DeliveryState.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };
}
