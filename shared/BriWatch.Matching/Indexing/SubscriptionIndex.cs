namespace BriWatch.Matching.Indexing;

/// <summary>
/// An immutable inverted index over subscriptions, keyed by (word, topic, country) with <c>*</c> for "any" topic or
/// country and no word for "no word required"; keys are interned to small integers, so a lookup hashes three ints
/// rather than three strings. Each subscription is posted under the topics and countries it requires
/// (its filters, or what its query makes necessary) and the words its query requires, so an article only visits
/// subscriptions sharing one of its topic/country pairs and, where they need one, one of its words. Postings are
/// split by relevance and sorted by the lowest score each subscription can match (its minimum score, or its query's
/// <c>score&gt;=</c> bound if higher), so an article scans only the prefix its score reaches. Identical query texts
/// share one compiled program, evaluated at most once per article; a unique text's program is copied into each of
/// its postings in scan order. Per-article state lives in bit sets (see <see cref="MatchScratch"/>).
/// </summary>
public sealed class SubscriptionIndex
{
    private const string Any = "*";

    // Key id 0: "any" topic or country, and "no word required" (word w is 1 + its query word id).
    private const int AnyId = 0;
    private const int NoWord = 0;

    private readonly IndexedSubscription[] subscriptions;
    private readonly QueryPrograms queries;
    private readonly int sharedQueries;
    private readonly Dictionary<string, int> topicIds;
    private readonly Dictionary<string, int> countryIds;
    private readonly Dictionary<(int Word, int Topic, int Country), Posting> postings;

    private SubscriptionIndex(
        IndexedSubscription[] subscriptions,
        QueryPrograms queries,
        int sharedQueries,
        Dictionary<string, int> topicIds,
        Dictionary<string, int> countryIds,
        Dictionary<(int Word, int Topic, int Country), Posting> postings)
    {
        this.subscriptions = subscriptions;
        this.queries = queries;
        this.sharedQueries = sharedQueries;
        this.topicIds = topicIds;
        this.countryIds = countryIds;
        this.postings = postings;
        NeedsSourceFacts = subscriptions.Any(s => s.NeedsSourceFacts);
    }

    public static SubscriptionIndex Empty { get; } = new([], new QueryPrograms().Seal(), 0, [], [], []);

    public int Count => subscriptions.Length;

    /// <summary>Some query looks at whether the source is official.</summary>
    public bool NeedsSourceFacts { get; }

    /// <param name="subscriptions">Subscriptions with their parsed queries (see <see cref="SubscriptionIndexBuilder"/>).</param>
    public static SubscriptionIndex Build(IReadOnlyList<IndexedSubscription> subscriptions)
    {
        var indexed = new IndexedSubscription[subscriptions.Count];
        var uses = subscriptions.Where(s => s.Query is not null).CountBy(s => s.Query!.Text, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var shared = new Dictionary<string, (int Program, int Id)>(StringComparer.Ordinal);
        var queries = new QueryPrograms();
        var topicIds = new Dictionary<string, int>(StringComparer.Ordinal) { [Any] = AnyId };
        var countryIds = new Dictionary<string, int>(StringComparer.Ordinal) { [Any] = AnyId };
        var lists = new Dictionary<(int, int, int), (List<(double, PostingEntry)> Any, List<(double, PostingEntry)> RelevantOnly)>();
        for (var i = 0; i < subscriptions.Count; i++)
        {
            var s = subscriptions[i];
            var topics = Keys(s.Subscription.Topics, s.Query?.RequiredTopics, static t => t.ToLowerInvariant(), out var topicsFromQuery);
            var countries = Keys(s.Subscription.Countries, s.Query?.RequiredCountries, static c => c.ToUpperInvariant(), out var countriesFromQuery);
            int[] words = s.Query?.RequiredWords is { } required ? [.. required.Select(w => 1 + queries.WordId(w))] : [NoWord];
            var subscription = indexed[i] = s with
            {
                CheckTopicsAfterIndex = topicsFromQuery && s.Subscription.Topics.Count > 0,
                CheckCountriesAfterIndex = countriesFromQuery && s.Subscription.Countries.Count > 0,
            };

            // A text used by one subscription is compiled where its postings are laid out (below); only a shared
            // text is compiled here, once, and remembered per article.
            var program = (Program: -1, Id: -1);
            if (s.Query is { } query && uses[query.Text] > 1 && !shared.TryGetValue(query.Text, out program))
            {
                shared[query.Text] = program = (queries.Add(query), shared.Count);
            }

            var entry = new PostingEntry(
                subscription,
                i,
                program.Program,
                program.Id,
                CheckFilters: subscription.CheckTopicsAfterIndex || subscription.CheckCountriesAfterIndex,
                Repeated: words.Length * topics.Length * countries.Length > 1);
            var lowest = LowestScore(s);
            foreach (var word in words)
            {
                foreach (var topic in topics)
                {
                    foreach (var country in countries)
                    {
                        var key = (word, Intern(topicIds, topic), Intern(countryIds, country));
                        if (!lists.TryGetValue(key, out var list))
                        {
                            lists[key] = list = ([], []);
                        }

                        (s.Subscription.RelevantOnly ? list.RelevantOnly : list.Any).Add((lowest, entry));
                    }
                }
            }
        }

        // Sorted by lowest score so a scan stops at the first the article fails. A query used by one subscription
        // gets a copy of its program per posting, placed in scan order: the scan then reads code sequentially
        // instead of fetching each candidate's program from a random place.
        PostingList Laid(List<(double Lowest, PostingEntry Entry)> list)
        {
            var sorted = list.OrderBy(e => e.Lowest).ToArray();
            var entries = new PostingEntry[sorted.Length];
            for (var k = 0; k < sorted.Length; k++)
            {
                var entry = sorted[k].Entry;
                entries[k] = entry.Subscription.Query is { } query && entry.Program < 0 ? entry with { Program = queries.Add(query) } : entry;
            }

            return new PostingList([.. sorted.Select(e => e.Lowest)], entries);
        }

        var laid = lists.ToDictionary(p => p.Key, p => new Posting(Laid(p.Value.Any), Laid(p.Value.RelevantOnly)));
        return new SubscriptionIndex(indexed, queries.Seal(), shared.Count, topicIds, countryIds, laid);
    }

    private static int Intern(Dictionary<string, int> ids, string key)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            ids[key] = id = ids.Count;
        }

        return id;
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
        Span<int> topics = stackalloc int[article.Topics.Count + 1];
        topics = topics[..KeyIds(article.Topics, static t => t.ToLowerInvariant(), topicIds, topics)];
        Span<int> countries = stackalloc int[article.Countries.Count + 1];
        countries = countries[..KeyIds(article.Countries, static c => c.ToUpperInvariant(), countryIds, countries)];
        ScanAll(NoWord, topics, countries, document, scratch);
        foreach (var word in scratch.FoundWords)
        {
            ScanAll(1 + word, topics, countries, document, scratch);
        }

        return scratch.TakeMatches();
    }

    private void ScanAll(int word, ReadOnlySpan<int> topics, ReadOnlySpan<int> countries, MatchDocument document, MatchScratch scratch)
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

    private void Scan(PostingList posting, MatchDocument document, MatchScratch scratch)
    {
        var seen = scratch.Seen;
        foreach (ref readonly var entry in posting.Reachable(document.Article.Score))
        {
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

            if (entry.Program >= 0 && !QueryHolds(entry, document, scratch))
            {
                continue;
            }

            scratch.AddMatch(entry.Subscription);
        }
    }

    private bool QueryHolds(in PostingEntry entry, MatchDocument document, MatchScratch scratch)
    {
        if (entry.SharedId < 0)
        {
            return queries.Evaluate(entry.Program, document, scratch);
        }

        if (!MatchScratch.Get(scratch.QueryDone, entry.SharedId))
        {
            MatchScratch.Set(scratch.QueryDone, entry.SharedId);
            if (queries.Evaluate(entry.Program, document, scratch))
            {
                MatchScratch.Set(scratch.QueryResult, entry.SharedId);
            }
        }

        return MatchScratch.Get(scratch.QueryResult, entry.SharedId);
    }

    private static string[] Keys(IReadOnlyList<string> filter, IReadOnlySet<string>? fromQuery, Func<string, string> normalize, out bool fromQueryUsed)
    {
        // Both constraints must hold, so posting under the smaller one is enough and keeps postings short.
        fromQueryUsed = fromQuery is not null && (filter.Count == 0 || fromQuery.Count < filter.Count);
        IEnumerable<string>? keys = fromQueryUsed ? fromQuery : filter.Count > 0 ? filter : null;
        return keys is null ? [Any] : [.. keys.Select(normalize).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Writes "any" and the distinct ids of <paramref name="values"/> some posting uses; returns how many.</summary>
    private static int KeyIds(IReadOnlyList<string> values, Func<string, string> normalize, Dictionary<string, int> ids, Span<int> into)
    {
        into[0] = AnyId;
        var count = 1;
        for (var v = 0; v < values.Count; v++)
        {
            if (ids.TryGetValue(normalize(values[v]), out var id) && !into[..count].Contains(id))
            {
                into[count++] = id;
            }
        }

        return count;
    }

    private sealed record Posting(PostingList Any, PostingList RelevantOnly);
}
