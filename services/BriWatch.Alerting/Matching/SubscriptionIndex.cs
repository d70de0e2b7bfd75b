using BriWatch.Matching;

namespace BriWatch.Alerting.Matching;

/// <summary>
/// An immutable inverted index over subscriptions, keyed by (word, topic, country) with <c>*</c> for "any" topic or
/// country and an empty word for "no word". Each subscription is posted under the topics and countries it requires
/// (its filters, or what its query makes necessary) and the words its query requires, so an article only visits
/// subscriptions sharing one of its topic/country pairs and, where they need one, one of its words. Postings are
/// split by relevance and sorted by minimum score, so an article stops scanning at the first score it fails.
/// Identical query texts share one compiled program, evaluated at most once per article.
/// </summary>
public sealed class SubscriptionIndex
{
    private const string Any = "*";

    private readonly IndexedSubscription[] subscriptions;
    private readonly QueryPrograms queries;
    private readonly int sharedQueries;
    private const string NoWord = "";

    private readonly Dictionary<(string Word, string Topic, string Country), Posting> postings;

    private SubscriptionIndex(IndexedSubscription[] subscriptions, QueryPrograms queries, int sharedQueries, Dictionary<(string Word, string Topic, string Country), Posting> postings)
    {
        this.subscriptions = subscriptions;
        this.queries = queries;
        this.sharedQueries = sharedQueries;
        this.postings = postings;
        NeedsArticleFacts = subscriptions.Any(s => s.NeedsArticleFacts);
        NeedsSourceFacts = subscriptions.Any(s => s.NeedsSourceFacts);
    }

    public static SubscriptionIndex Empty { get; } = new([], new QueryPrograms().Seal(), 0, []);

    public int Count => subscriptions.Length;

    /// <summary>Some query looks at the stored article's amount or stage.</summary>
    public bool NeedsArticleFacts { get; }

    /// <summary>Some query looks at whether the source is official.</summary>
    public bool NeedsSourceFacts { get; }

    /// <param name="subscriptions">Subscriptions with their parsed queries (see <see cref="SubscriptionIndexBuilder"/>).</param>
    public static SubscriptionIndex Build(IReadOnlyList<IndexedSubscription> subscriptions)
    {
        var indexed = new IndexedSubscription[subscriptions.Count];
        var uses = subscriptions.Where(s => s.Query is not null).CountBy(s => s.Query!.Text, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var programs = new Dictionary<string, Program>(StringComparer.Ordinal);
        var sharedQueries = 0;
        var queries = new QueryPrograms();
        var lists = new Dictionary<(string, string, string), (List<Entry> Any, List<Entry> RelevantOnly)>();
        for (var i = 0; i < subscriptions.Count; i++)
        {
            var s = subscriptions[i];
            var topics = Keys(s.Subscription.Topics, s.Query?.RequiredTopics, static t => t.ToLowerInvariant(), out var topicsFromQuery);
            var countries = Keys(s.Subscription.Countries, s.Query?.RequiredCountries, static c => c.ToUpperInvariant(), out var countriesFromQuery);
            string[] words = s.Query?.RequiredWords is { } required ? [.. required] : [NoWord];
            var subscription = indexed[i] = s with
            {
                CheckTopicsAfterIndex = topicsFromQuery && s.Subscription.Topics.Count > 0,
                CheckCountriesAfterIndex = countriesFromQuery && s.Subscription.Countries.Count > 0,
            };
            // A text used by one subscription is compiled where its postings are laid out (below); only a shared
            // text is compiled here, once, and remembered per article.
            var program = new Program(0, 0, -1);
            if (s.Query is { } query && uses[query.Text] > 1 && !programs.TryGetValue(query.Text, out program))
            {
                var (start, length) = queries.Add(query);
                programs[query.Text] = program = new Program(start, length, sharedQueries++);
            }

            var entry = new Entry(
                subscription,
                LowestScore(s),
                i,
                program,
                CheckFilters: subscription.CheckTopicsAfterIndex || subscription.CheckCountriesAfterIndex,
                Repeated: words.Length * topics.Length * countries.Length > 1);
            foreach (var word in words)
            {
                foreach (var topic in topics)
                {
                    foreach (var country in countries)
                    {
                        if (!lists.TryGetValue((word, topic, country), out var list))
                        {
                            lists[(word, topic, country)] = list = ([], []);
                        }

                        (s.Subscription.RelevantOnly ? list.RelevantOnly : list.Any).Add(entry);
                    }
                }
            }
        }

        // Sorted by lowest score so a scan stops at the first the article fails. A query used by one subscription
        // gets a copy of its program per posting, placed in scan order: the scan then reads code sequentially
        // instead of fetching each candidate's program from a random place.
        Entry[] Laid(List<Entry> list)
        {
            var sorted = list.OrderBy(e => e.MinScore).ToArray();
            for (var k = 0; k < sorted.Length; k++)
            {
                if (sorted[k].Subscription.Query is { } query && !programs.ContainsKey(query.Text))
                {
                    var (start, length) = queries.Add(query);
                    sorted[k] = sorted[k] with { Program = new Program(start, length, -1) };
                }
            }

            return sorted;
        }

        var laid = lists.ToDictionary(p => p.Key, p => new Posting(Laid(p.Value.Any), Laid(p.Value.RelevantOnly)));
        return new SubscriptionIndex(indexed, queries.Seal(), sharedQueries, laid);
    }

    /// <summary>The query's own score bound joins the filter's, so the scan also stops before candidates the query would refuse.</summary>
    private static double LowestScore(IndexedSubscription s) =>
        s.Query?.LowestScore is { } lowest ? Math.Max(s.Subscription.MinScore, lowest) : s.Subscription.MinScore;

    /// <summary>Every subscription whose filters and query hold for <paramref name="document"/>.</summary>
    public List<IndexedSubscription> Match(MatchDocument document)
    {
        var article = document.Article;
        var scratch = MatchScratch.For(subscriptions.Length, sharedQueries, queries.AtomCount, queries.WordCount);
        queries.FindWords(document, scratch);
        var topics = WithAny(article.Topics, static t => t.ToLowerInvariant());
        var countries = WithAny(article.Countries, static c => c.ToUpperInvariant());
        ScanAll(NoWord, topics, countries, document, scratch);
        foreach (var word in scratch.FoundWords)
        {
            ScanAll(word, topics, countries, document, scratch);
        }

        return scratch.TakeMatches();
    }

    private void ScanAll(string word, string[] topics, string[] countries, MatchDocument document, MatchScratch scratch)
    {
        foreach (var topic in topics)
        {
            foreach (var country in countries)
            {
                if (postings.TryGetValue((word, topic, country), out var posting))
                {
                    Scan(posting.Any, document, scratch);
                    if (document.Article.Relevant)
                    {
                        Scan(posting.RelevantOnly, document, scratch);
                    }
                }
            }
        }
    }

    private void Scan(Entry[] posting, MatchDocument document, MatchScratch scratch)
    {
        var score = document.Article.Score;
        var seen = scratch.Seen;
        foreach (ref readonly var entry in posting.AsSpan())
        {
            if (entry.MinScore > score)
            {
                return;
            }

            if (entry.Repeated)
            {
                if (MatchScratch.Get(seen, entry.Index))
                {
                    continue;
                }

                MatchScratch.Set(seen, entry.Index);
            }

            if (entry.CheckFilters && !entry.Subscription.RemainingFiltersHold(document))
            {
                continue;
            }

            if (entry.Program.Length > 0 && !QueryHolds(entry.Program, document, scratch))
            {
                continue;
            }

            scratch.AddMatch(entry.Subscription);
        }
    }

    private bool QueryHolds(in Program program, MatchDocument document, MatchScratch scratch)
    {
        if (program.SharedId < 0)
        {
            return queries.Evaluate(program.Start, program.Length, document, scratch);
        }

        if (!MatchScratch.Get(scratch.QueryDone, program.SharedId))
        {
            MatchScratch.Set(scratch.QueryDone, program.SharedId);
            if (queries.Evaluate(program.Start, program.Length, document, scratch))
            {
                MatchScratch.Set(scratch.QueryResult, program.SharedId);
            }
        }

        return MatchScratch.Get(scratch.QueryResult, program.SharedId);
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

    /// <summary>A compiled query (empty when there is none): its code, and its slot in the per-article memo when several subscriptions share the text (else -1).</summary>
    private readonly record struct Program(int Start, int Length, int SharedId);

    /// <summary>
    /// One posting, carrying what the scan needs inline so most candidates are decided without touching the
    /// subscription object. <paramref name="MinScore"/>: the lowest article score that can match, from the filter
    /// or the query. <paramref name="Program"/>: the query, empty when there is none. <paramref name="CheckFilters"/>:
    /// topic or country filters the postings do not establish. <paramref name="Repeated"/>: posted under several
    /// keys, so one article can reach it twice.
    /// </summary>
    private readonly record struct Entry(IndexedSubscription Subscription, double MinScore, int Index, Program Program, bool CheckFilters, bool Repeated);
}
