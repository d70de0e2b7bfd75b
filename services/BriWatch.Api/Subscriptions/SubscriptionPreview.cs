using BriWatch.Contracts;
using BriWatch.Matching;
using BriWatch.Matching.Indexing;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Subscriptions;

/// <summary>
/// Dry-runs a subscription over recently stored articles through the same index, and over the same summary, as live
/// matching: an article it lists is one alerting would have matched, with the summary its alert would have shown.
/// </summary>
internal sealed class SubscriptionPreview(IArticleStore articles, ISourceStore sources, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <exception cref="UnmatchableSubscriptionException">Live matching leaves the subscription out (its stored query does not parse, or its record is malformed).</exception>
    public async Task<PreviewResult> RunAsync(Subscription subscription, int limit, CancellationToken cancellationToken)
    {
        var index = SubscriptionIndexBuilder.Build([subscription], (s, error) => throw new UnmatchableSubscriptionException(s.Id, error));
        var official = index.NeedsSourceFacts
            ? (await sources.ListAsync(cancellationToken)).ToDictionary(s => s.Id, s => s.Official, StringComparer.Ordinal)
            : null;

        // The store narrows by what it can index (window, relevance, score, a single required topic or country);
        // the index then decides exactly as it does for alerting.
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

        var matches = new List<PreviewItem>();
        var matched = 0;
        var scanned = 0;
        await foreach (var article in articles.ScanAsync(filter, cancellationToken))
        {
            scanned++;
            var message = ToMessage(article);
            var isOfficial = official is not null && official.TryGetValue(article.SourceId, out var o) ? o : (bool?)null;
            if (index.Match(new MatchDocument(message, isOfficial, article.AmountUsd, article.Stage)).Count == 0)
            {
                continue;
            }

            matched++;
            if (matches.Count < limit)
            {
                matches.Add(PreviewItem.From(article, message.Summary));
            }
        }

        return new PreviewResult(scanned, matched, matches);
    }

    /// <summary>The message the classifier published for the stored article, as far as matching reads it.</summary>
    private static ArticleClassified ToMessage(Article article) => new(
        article.Id,
        article.SourceId,
        article.Url,
        article.Title,
        ArticleSummary.Of(article.Text),
        article.Published,
        article.Language,
        article.Relevant,
        article.Score,
        article.Topics,
        article.Countries,
        article.StoryId,
        article.Evidence,
        article.ClassifiedAt)
    {
        AmountUsd = article.AmountUsd,
        Stage = article.Stage,
    };
}

/// <param name="Scanned">Articles of the last 30 days the store handed over after its own narrowing.</param>
/// <param name="Matched">How many of them the subscription would have alerted on.</param>
public sealed record PreviewResult(int Scanned, int Matched, IReadOnlyList<PreviewItem> Items);

/// <param name="Summary">The summary an alert on the article carries.</param>
public sealed record PreviewItem(string Id, string Title, string Url, string Summary, double Score, IReadOnlyList<string> Topics, IReadOnlyList<string> Countries, DateTimeOffset DiscoveredAt)
{
    public static PreviewItem From(Article article, string summary) =>
        new(article.Id, article.Title, article.Url, summary, article.Score, article.Topics, article.Countries, article.DiscoveredAt);
}
