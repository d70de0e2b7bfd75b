using System.Text.Json;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Feeds;

/// <summary>
/// A subscription's newest matches, read from its deliveries (instant alerts and the articles listed in its digests)
/// and joined with the stored articles.
/// </summary>
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
            if (delivery.Kind == DeliveryKind.EndpointTest)
            {
                continue;
            }

            foreach (var (articleId, storyId) in MatchesOf(delivery))
            {
                if (entries.Count == MaxEntries)
                {
                    return entries;
                }

                if (stories.Contains(storyId))
                {
                    continue;
                }

                var article = await articles.GetAsync(articleId, cancellationToken);
                if (article is not null)
                {
                    stories.Add(storyId);
                    entries.Add(new FeedEntry(article, delivery.CreatedAt));
                }
            }
        }

        return entries;
    }

    /// <summary>The (article, story) pairs a delivery reported; a digest's newest item first, to keep the feed newest first.</summary>
    private static IEnumerable<(string ArticleId, string StoryId)> MatchesOf(Delivery delivery) =>
        delivery.Kind == DeliveryKind.Digest
            ? Enumerable.Reverse(DigestItems(delivery.Payload))
            : [(delivery.ArticleId, delivery.StoryId)];

    /// <summary>
    /// The items of a standard digest body (also what email digests store). A body in a chat format (Slack, Teams) names no
    /// article ids; its digest is then listed through the subscription's email digest when it has one, else not at all.
    /// </summary>
    private static List<(string ArticleId, string StoryId)> DigestItems(string payload)
    {
        var found = new List<(string, string)>();
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "digest"
                || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return found;
            }

            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("articleId", out var articleId) && articleId.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("storyId", out var storyId) && storyId.ValueKind == JsonValueKind.String)
                {
                    found.Add((articleId.GetString()!, storyId.GetString()!));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (or not the standard body): nothing to list from it.
        }

        return found;
    }
}
