using BriWatch.Matching;

namespace BriWatch.Alerting.Matching;

/// <summary>
/// An immutable inverted index over subscriptions, keyed by (topic, country) with <c>*</c> for "any". Each
/// subscription is posted under the topics and countries it requires (its filters, or what its query makes
/// necessary), so an article only visits subscriptions sharing one of its topic/country pairs. Postings are
/// split by relevance and sorted by minimum score, so an article stops scanning at the first score it fails.
/// Identical query texts share one compiled program, evaluated at most once per article.
/// </summary>
public sealed class SubscriptionIndex
{
    private const string Any = "*";

    // Per-thread visit stamps: deduplicating candidates without allocating a set per article.
    [ThreadStatic]
    private static int[]? stamps;

    [ThreadStatic]
    private static int stamp;

    // Per-thread memo of query results for the current article: valid where queryStamps[q] == stamp.
    [ThreadStatic]
    private static int[]? queryStamps;

    [ThreadStatic]
    private static bool[]? queryResults;

    private readonly IndexedSubscription[] subscriptions;
    private readonly QueryPrograms queries;
    private readonly Dictionary<(string Topic, string Country), Posting> postings;

    private SubscriptionIndex(IndexedSubscription[] subscriptions, QueryPrograms queries, Dictionary<(string Topic, string Country), Posting> postings)
    {
        this.subscriptions = subscriptions;
        this.queries = queries;
        this.postings = postings;
        NeedsArticleFacts = subscriptions.Any(s => s.NeedsArticleFacts);
        NeedsSourceFacts = subscriptions.Any(s => s.NeedsSourceFacts);
    }

    public static SubscriptionIndex Empty { get; } = new([], new QueryPrograms(), []);

    public int Count => subscriptions.Length;

    /// <summary>Some query looks at the stored article's amount or stage.</summary>
    public bool NeedsArticleFacts { get; }

    /// <summary>Some query looks at whether the source is official.</summary>
    public bool NeedsSourceFacts { get; }

    /// <param name="subscriptions">Subscriptions with their parsed queries (see <see cref="SubscriptionIndexBuilder"/>).</param>
    public static SubscriptionIndex Build(IReadOnlyList<IndexedSubscription> subscriptions)
    {
        var indexed = new IndexedSubscription[subscriptions.Count];
        var queryIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var queries = new QueryPrograms();
        var lists = new Dictionary<(string, string), (List<Entry> Any, List<Entry> RelevantOnly)>();
        for (var i = 0; i < subscriptions.Count; i++)
        {
            var s = subscriptions[i];
            var topics = Keys(s.Subscription.Topics, s.Query?.RequiredTopics, static t => t.ToLowerInvariant(), out var topicsFromQuery);
            var countries = Keys(s.Subscription.Countries, s.Query?.RequiredCountries, static c => c.ToUpperInvariant(), out var countriesFromQuery);
            var subscription = indexed[i] = s with
            {
                CheckTopicsAfterIndex = topicsFromQuery && s.Subscription.Topics.Count > 0,
                CheckCountriesAfterIndex = countriesFromQuery && s.Subscription.Countries.Count > 0,
            };
            var queryId = -1;
            if (s.Query is { } query && !queryIds.TryGetValue(query.Text, out queryId))
            {
                queryIds[query.Text] = queryId = queries.Add(query);
            }

            var entry = new Entry(
                subscription,
                s.Subscription.MinScore,
                i,
                queryId,
                CheckFilters: subscription.CheckTopicsAfterIndex || subscription.CheckCountriesAfterIndex,
                Repeated: topics.Length * countries.Length > 1);
            foreach (var topic in topics)
            {
                foreach (var country in countries)
                {
                    if (!lists.TryGetValue((topic, country), out var list))
                    {
                        lists[(topic, country)] = list = ([], []);
                    }

                    (s.Subscription.RelevantOnly ? list.RelevantOnly : list.Any).Add(entry);
                }
            }
        }

        static Entry[] ByMinScore(List<Entry> list) => [.. list.OrderBy(e => e.MinScore)];
        return new SubscriptionIndex(indexed, queries, lists.ToDictionary(p => p.Key, p => new Posting(ByMinScore(p.Value.Any), ByMinScore(p.Value.RelevantOnly))));
    }

    /// <summary>Every subscription whose filters and query hold for <paramref name="document"/>.</summary>
    public List<IndexedSubscription> Match(MatchDocument document)
    {
        var article = document.Article;
        var seen = stamps is { } existing && existing.Length >= subscriptions.Length ? existing : stamps = new int[subscriptions.Length];
        if (queryStamps is null || queryStamps.Length < queries.Count)
        {
            queryStamps = new int[queries.Count];
            queryResults = new bool[queries.Count];
        }

        var wrapped = ++stamp == int.MaxValue;
        if (wrapped)
        {
            Array.Clear(seen);
            Array.Clear(queryStamps);
            stamp = 1;
        }

        queries.Prepare(wrapped);

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

    private void Scan(Entry[] posting, MatchDocument document, int[] seen, List<IndexedSubscription> matched)
    {
        var score = document.Article.Score;
        var current = stamp;
        var evaluated = queryStamps!;
        var results = queryResults!;
        foreach (ref readonly var entry in posting.AsSpan())
        {
            if (entry.MinScore > score)
            {
                return;
            }

            if (entry.Repeated)
            {
                if (seen[entry.Index] == current)
                {
                    continue;
                }

                seen[entry.Index] = current;
            }

            if (entry.CheckFilters && !entry.Subscription.RemainingFiltersHold(document))
            {
                continue;
            }

            if (entry.QueryId >= 0)
            {
                if (evaluated[entry.QueryId] != current)
                {
                    results[entry.QueryId] = queries.Evaluate(entry.QueryId, document, current);
                    evaluated[entry.QueryId] = current;
                }

                if (!results[entry.QueryId])
                {
                    continue;
                }
            }

            matched.Add(entry.Subscription);
        }
    }

    private static string[] Keys(IReadOnlyList<string> filter, IReadOnlySet<string>? fromQuery, Func<string, string> normalize, out bool fromQueryUsed)
    {
        // Both constraints must hold, so posting under the smaller one is enough and keeps postings short.
        fromQueryUsed = fromQuery is not null && (filter.Count == 0 || fromQuery.Count < filter.Count);
        IEnumerable<string>? keys = fromQueryUsed ? fromQuery : filter.Count > 0 ? filter : null;
        return keys is null ? [Any] : [.. keys.Select(normalize).Distinct(StringComparer.Ordinal)];
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

    private sealed record Posting(Entry[] Any, Entry[] RelevantOnly);

    /// <summary>
    /// One posting, carrying what the scan needs inline so most candidates are decided without touching the
    /// subscription object. <paramref name="QueryId"/>: the shared query, or -1. <paramref name="CheckFilters"/>:
    /// topic or country filters the postings do not establish. <paramref name="Repeated"/>: posted under several
    /// keys, so one article can reach it twice.
    /// </summary>
    private readonly record struct Entry(IndexedSubscription Subscription, double MinScore, int Index, int QueryId, bool CheckFilters, bool Repeated);
}
