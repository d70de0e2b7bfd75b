using BriWatch.Contracts;

namespace BriWatch.Alerting.Matching;

/// <summary>
/// An immutable inverted index over subscriptions, keyed by (topic, country) with <c>*</c> for "any". Each
/// subscription is posted under the topics and countries it requires (its filters, or what its query makes
/// necessary), so an article only visits subscriptions sharing one of its topic/country pairs. Postings are
/// split by relevance and sorted by minimum score, so an article stops scanning at the first score it fails.
/// </summary>
public sealed class SubscriptionIndex
{
    private const string Any = "*";

    // Per-thread visit stamps: deduplicating candidates without allocating a set per article.
    [ThreadStatic]
    private static int[]? stamps;

    [ThreadStatic]
    private static int stamp;

    private readonly IndexedSubscription[] subscriptions;
    private readonly Dictionary<(string Topic, string Country), Posting> postings;

    private SubscriptionIndex(IndexedSubscription[] subscriptions, Dictionary<(string Topic, string Country), Posting> postings)
    {
        this.subscriptions = subscriptions;
        this.postings = postings;
        NeedsArticleFacts = subscriptions.Any(s => s.NeedsArticleFacts);
        NeedsSourceFacts = subscriptions.Any(s => s.NeedsSourceFacts);
    }

    public static SubscriptionIndex Empty { get; } = new([], []);

    public int Count => subscriptions.Length;

    /// <summary>Some query looks at the stored article's amount or stage.</summary>
    public bool NeedsArticleFacts { get; }

    /// <summary>Some query looks at whether the source is official.</summary>
    public bool NeedsSourceFacts { get; }

    /// <param name="subscriptions">Subscriptions with their parsed queries (see <see cref="SubscriptionIndexBuilder"/>).</param>
    public static SubscriptionIndex Build(IReadOnlyList<IndexedSubscription> subscriptions)
    {
        var indexed = new IndexedSubscription[subscriptions.Count];
        var lists = new Dictionary<(string, string), (List<int> Any, List<int> RelevantOnly)>();
        for (var i = 0; i < subscriptions.Count; i++)
        {
            var s = subscriptions[i];
            var (topics, topicsFromQuery) = Keys(s.Subscription.Topics, s.Query?.RequiredTopics, static t => t.ToLowerInvariant());
            var (countries, countriesFromQuery) = Keys(s.Subscription.Countries, s.Query?.RequiredCountries, static c => c.ToUpperInvariant());
            indexed[i] = s with
            {
                CheckTopicsAfterIndex = topicsFromQuery && s.Subscription.Topics.Count > 0,
                CheckCountriesAfterIndex = countriesFromQuery && s.Subscription.Countries.Count > 0,
            };
            foreach (var topic in topics)
            {
                foreach (var country in countries)
                {
                    if (!lists.TryGetValue((topic, country), out var list))
                    {
                        lists[(topic, country)] = list = ([], []);
                    }

                    (s.Subscription.RelevantOnly ? list.RelevantOnly : list.Any).Add(i);
                }
            }
        }

        int[] ByMinScore(List<int> list) => [.. list.OrderBy(i => indexed[i].Subscription.MinScore)];
        return new SubscriptionIndex(indexed, lists.ToDictionary(p => p.Key, p => new Posting(ByMinScore(p.Value.Any), ByMinScore(p.Value.RelevantOnly))));
    }

    /// <summary>Every subscription whose filters and query hold for <paramref name="document"/>.</summary>
    public List<IndexedSubscription> Match(MatchDocument document)
    {
        var article = document.Article;
        var seen = stamps is { } existing && existing.Length >= subscriptions.Length ? existing : stamps = new int[subscriptions.Length];
        if (++stamp == int.MaxValue)
        {
            Array.Clear(seen);
            stamp = 1;
        }

        var matched = new List<IndexedSubscription>();
        var topics = WithAny(article.Topics, static t => t.ToLowerInvariant());
        var countries = WithAny(article.Countries, static c => c.ToUpperInvariant());
        foreach (var topic in topics)
        {
            foreach (var country in countries)
            {
                if (postings.TryGetValue((topic, country), out var posting))
                {
                    Scan(posting.Any, document, seen, matched);
                    if (article.Relevant)
                    {
                        Scan(posting.RelevantOnly, document, seen, matched);
                    }
                }
            }
        }

        return matched;
    }

    private void Scan(int[] posting, MatchDocument document, int[] seen, List<IndexedSubscription> matched)
    {
        var score = document.Article.Score;
        foreach (var i in posting)
        {
            var candidate = subscriptions[i];
            if (candidate.Subscription.MinScore > score)
            {
                return;
            }

            if (seen[i] != stamp)
            {
                seen[i] = stamp;
                if (candidate.MatchesRest(document))
                {
                    matched.Add(candidate);
                }
            }
        }
    }

    private static (IEnumerable<string> Keys, bool FromQuery) Keys(IReadOnlyList<string> filter, IReadOnlySet<string>? fromQuery, Func<string, string> normalize)
    {
        // Both constraints must hold, so posting under the smaller one is enough and keeps postings short.
        if (fromQuery is not null && (filter.Count == 0 || fromQuery.Count < filter.Count))
        {
            return (fromQuery.Select(normalize).Distinct(StringComparer.Ordinal), true);
        }

        return filter.Count == 0 ? ([Any], false) : (filter.Select(normalize).Distinct(StringComparer.Ordinal), false);
    }

    private static string[] WithAny(IReadOnlyList<string> values, Func<string, string> normalize)
    {
        var keys = new List<string>(values.Count + 1) { Any };
        foreach (var value in values)
        {
            var key = normalize(value);
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }

    private sealed record Posting(int[] Any, int[] RelevantOnly);
}
