using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Feeds;

/// <summary>A subscription's newest matches, read from its deliveries and joined with the stored articles.</summary>
internal sealed class SubscriptionFeed(IDeliveryStore deliveries, IArticleStore articles)
{
    public const int MaxEntries = 50;

    // A story has one delivery per channel, and test events and deliveries of deleted articles are skipped,
    // so more deliveries than entries are read to fill the feed.
    private const int DeliveriesToRead = MaxEntries * 4;

    /// <summary>Newest match first, one entry per story, at most <see cref="MaxEntries"/>.</summary>
    public async Task<IReadOnlyList<FeedEntry>> NewestAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var recent = await deliveries.ListAsync(subscription.Id, state: null, DeliveriesToRead, cancellationToken);
        var entries = new List<FeedEntry>();
        var stories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var delivery in recent)
        {
            if (entries.Count == MaxEntries)
            {
                break;
            }

            if (delivery.ArticleId == Delivery.EndpointTestArticleId || stories.Contains(delivery.StoryId))
            {
                continue;
            }

            var article = await articles.GetAsync(delivery.ArticleId, cancellationToken);
            if (article is not null)
            {
                stories.Add(delivery.StoryId);
                entries.Add(new FeedEntry(article, delivery.CreatedAt));
            }
        }

        return entries;
    }
}
