using BriWatch.Contracts;
using BriWatch.Matching;
using BriWatch.Matching.Query;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Subscriptions;

/// <summary>Dry-runs a subscription over recently stored articles with the same filters and query alerting applies.</summary>
internal sealed class SubscriptionPreview(IArticleStore articles, ISourceStore sources, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);
    private const int SummaryLength = 300;

    public async Task<PreviewResult> RunAsync(Subscription subscription, int limit, CancellationToken cancellationToken)
    {
        var query = subscription.Query is null ? null : SubscriptionQuery.Parse(subscription.Query);
        var official = query?.NeedsSourceFacts == true
            ? (await sources.ListAsync(cancellationToken)).ToDictionary(s => s.Id, s => s.Official, StringComparer.Ordinal)
            : null;

        // The store narrows by what it can index (window, relevance, score, a single required topic or country);
        // the rest is the exact in-memory evaluation alerting performs.
        var filter = new ArticleQuery
        {
            DiscoveredSince = time.GetUtcNow() - Window,
            Relevant = subscription.RelevantOnly ? true : null,
            MinScore = subscription.MinScore > 0 ? subscription.MinScore : null,
            Topic = subscription.Topics.Count == 1 ? subscription.Topics[0] : null,
            Country = subscription.Countries.Count == 1 ? subscription.Countries[0] : null,
            // One streamed read of the whole window: paging re-counted and re-skipped the window on every page.
            Limit = int.MaxValue,
        };

        var matches = new List<Article>();
        var matched = 0;
        var scanned = 0;
        await foreach (var article in articles.ScanAsync(filter, cancellationToken))
        {
            scanned++;
            var message = ToMessage(article);
            if (!SubscriptionFilter.Matches(subscription, message))
            {
                continue;
            }

            var isOfficial = official is not null && official.TryGetValue(article.SourceId, out var o) ? o : (bool?)null;
            if (query is not null && !query.Matches(new MatchDocument(message, isOfficial, article.AmountUsd, article.Stage)))
            {
                continue;
            }

            matched++;
            if (matches.Count < limit)
            {
                matches.Add(article);
            }
        }

        return new PreviewResult(scanned, matched, matches.Select(PreviewItem.From).ToList());
    }

    private static ArticleClassified ToMessage(Article article) => new(
        article.Id,
        article.SourceId,
        article.Url,
        article.Title,
        article.Text.Length > SummaryLength ? article.Text[..SummaryLength] : article.Text,
        article.Published,
        article.Language,
        article.Relevant,
        article.Score,
        article.Topics,
        article.Countries,
        article.StoryId,
        article.Evidence,
        article.ClassifiedAt);
}

/// <param name="Scanned">Articles of the last 30 days the store handed over after its own narrowing.</param>
/// <param name="Matched">How many of them the subscription would have alerted on.</param>
public sealed record PreviewResult(int Scanned, int Matched, IReadOnlyList<PreviewItem> Items);

public sealed record PreviewItem(string Id, string Title, string Url, double Score, IReadOnlyList<string> Topics, IReadOnlyList<string> Countries, DateTimeOffset DiscoveredAt)
{
    public static PreviewItem From(Article article) =>
        new(article.Id, article.Title, article.Url, article.Score, article.Topics, article.Countries, article.DiscoveredAt);
}
