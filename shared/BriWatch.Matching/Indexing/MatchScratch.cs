namespace BriWatch.Matching.Indexing;

/// <summary>
/// Per-thread working memory for matching one article: bit sets over subscription ordinals, shared queries,
/// atoms and words. Bit sets stay in the fastest caches (100,000 subscriptions are 12.5 KB) where per-item stamp
/// arrays would not, and clearing them per article costs less than one cache miss per candidate.
/// </summary>
internal sealed class MatchScratch
{
    [ThreadStatic]
    private static MatchScratch? current;

    private MatchScratch()
    {
    }

    /// <summary>Subscriptions already visited for this article (reachable through several postings).</summary>
    public ulong[] Seen { get; private set; } = [];

    /// <summary>Shared queries already evaluated for this article, and their results.</summary>
    public ulong[] QueryDone { get; private set; } = [];

    public ulong[] QueryResult { get; private set; } = [];

    /// <summary>Atoms other than words already evaluated for this article, and their results.</summary>
    public ulong[] AtomDone { get; private set; } = [];

    public ulong[] AtomResult { get; private set; } = [];

    /// <summary>Query words the article contains, as bits by word id and as a list of ids.</summary>
    public ulong[] Words { get; private set; } = [];

    public List<int> FoundWords { get; } = [];

    /// <summary>Matches found so far, copied out into a list of the right size at the end.</summary>
    public IndexedSubscription[] Matched { get; private set; } = new IndexedSubscription[256];

    public int MatchedCount { get; set; }

    /// <summary>This thread's scratch, sized for and cleared of any previous article.</summary>
    public static MatchScratch For(int subscriptions, int sharedQueries, int atoms, int words)
    {
        var scratch = current ??= new MatchScratch();
        scratch.Seen = Cleared(scratch.Seen, subscriptions);
        scratch.QueryDone = Cleared(scratch.QueryDone, sharedQueries);
        scratch.QueryResult = Cleared(scratch.QueryResult, sharedQueries);
        scratch.AtomDone = Cleared(scratch.AtomDone, atoms);
        scratch.AtomResult = Cleared(scratch.AtomResult, atoms);
        scratch.Words = Cleared(scratch.Words, words);
        scratch.FoundWords.Clear();
        scratch.MatchedCount = 0;
        return scratch;
    }

    public static bool Get(ulong[] bits, int index) => (bits[index >> 6] & (1UL << index)) != 0;

    public static void Set(ulong[] bits, int index) => bits[index >> 6] |= 1UL << index;

    public void AddMatch(IndexedSubscription subscription)
    {
        if (MatchedCount == Matched.Length)
        {
            var larger = new IndexedSubscription[Matched.Length * 2];
            Matched.CopyTo(larger);
            Matched = larger;
        }

        Matched[MatchedCount++] = subscription;
    }

    /// <summary>The matches as a list of their own, releasing the references this thread holds.</summary>
    public List<IndexedSubscription> TakeMatches()
    {
        var span = Matched.AsSpan(0, MatchedCount);
        var list = new List<IndexedSubscription>(MatchedCount);
        list.AddRange(span);
        span.Clear();
        MatchedCount = 0;
        return list;
    }

    private static ulong[] Cleared(ulong[] bits, int count)
    {
        var words = (count + 63) >> 6;
        if (bits.Length < words)
        {
            return new ulong[words];
        }

        Array.Clear(bits, 0, words);
        return bits;
    }
}
