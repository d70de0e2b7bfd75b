using System.Buffers;
using BriWatch.Classifier.Terms;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>A pattern match whose word-boundary and case checks passed; <see cref="Mask"/> says which of the pattern's meanings apply.</summary>
internal readonly record struct Hit(int Pattern, int Start, int Length, uint Mask)
{
    public int End => Start + Length;
}

/// <summary>
/// Receives raw matches, applies boundary and case checks, counts stopwords for language identification and keeps the
/// leftmost-longest non-overlapping name and topic hits (so "road" inside "Belt and Road" does not count as transport).
/// Cue hits (cooperation, negative, stage, currency, role, rivalry) are resolved the same way but apart, so they never hide or are hidden
/// by a name or topic term: "باستثمارات" is both a finance term and a deal cue. Amount role cues ("loan", "trade volume") are
/// kept in a third list of their own, so they change nothing the other cues decide. Buffers are pooled.
/// </summary>
internal sealed class TermHitCollector : ITermSink, IDisposable
{
    private readonly CompiledTaxonomy taxonomy;
    private string segment = "";
    private int segmentOffset;
    private Hit[] hits = ArrayPool<Hit>.Shared.Rent(256);
    private Hit[] cueHits = ArrayPool<Hit>.Shared.Rent(64);
    private int cueCount;
    private Hit[] amountCueHits = ArrayPool<Hit>.Shared.Rent(16);
    private int amountCueCount;

    public TermHitCollector(CompiledTaxonomy taxonomy)
    {
        this.taxonomy = taxonomy;
        StopwordCounts = ArrayPool<int>.Shared.Rent(taxonomy.Languages.Length);
        Array.Clear(StopwordCounts);
    }

    public int Count { get; private set; }

    /// <summary>After <see cref="Complete"/>: how many of the hits are name and topic hits (the rest are cues).</summary>
    public int NameCount { get; private set; }

    /// <summary>How many rivalry cues were seen (before overlaps are resolved): zero lets the classifier skip looking for rivals.</summary>
    public int RivalCues { get; private set; }

    /// <summary>Indexed like <see cref="CompiledTaxonomy.Languages"/>; may be longer (pooled).</summary>
    public int[] StopwordCounts { get; }

    /// <param name="offset">Where <paramref name="segment"/> starts in the article's <c>Title + "\n" + Text</c>.</param>
    public void Scan(string segment, int offset)
    {
        this.segment = segment;
        segmentOffset = offset;
        taxonomy.Matcher.Scan(segment, this);
    }

    public void OnTerm(int pattern, int start, int end)
    {
        var entries = taxonomy.EntriesByPattern[pattern];
        uint names = 0, cues = 0, amountCues = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (!Accepts(entry, start, end))
            {
                continue;
            }

            switch (entry.Kind)
            {
                case TermKind.Stopword:
                    StopwordCounts[entry.Id]++;
                    break;
                case TermKind.Topic or TermKind.Country or TermKind.Entity:
                    names |= 1u << i;
                    break;
                case TermKind.Rival:
                    RivalCues++;
                    cues |= 1u << i;
                    break;
                case TermKind.AmountRole:
                    amountCues |= 1u << i;
                    break;
                default:
                    cues |= 1u << i;
                    break;
            }
        }

        if (names != 0)
        {
            var count = Count;
            Add(ref hits, ref count, new Hit(pattern, segmentOffset + start, end - start, names));
            Count = count;
        }

        if (cues != 0)
        {
            Add(ref cueHits, ref cueCount, new Hit(pattern, segmentOffset + start, end - start, cues));
        }

        if (amountCues != 0)
        {
            Add(ref amountCueHits, ref amountCueCount, new Hit(pattern, segmentOffset + start, end - start, amountCues));
        }
    }

    /// <summary>Amount role cue hits in text order (valid until disposed).</summary>
    public ReadOnlySpan<Hit> AmountCues => amountCueHits.AsSpan(0, amountCueCount);

    /// <summary>Name and topic hits in text order, then cue hits in text order; call once, after scanning.</summary>
    public ReadOnlySpan<Hit> Complete()
    {
        NameCount = Count;
        var count = Count;
        foreach (var cue in cueHits.AsSpan(0, cueCount))
        {
            Append(ref hits, ref count, cue);
        }

        cueCount = 0;
        Count = count;
        return hits.AsSpan(0, count);
    }

    public void Dispose()
    {
        ArrayPool<Hit>.Shared.Return(hits);
        ArrayPool<Hit>.Shared.Return(cueHits);
        ArrayPool<Hit>.Shared.Return(amountCueHits);
        ArrayPool<int>.Shared.Return(StopwordCounts);
        hits = [];
        cueHits = [];
        amountCueHits = [];
    }

    private bool Accepts(in TermEntry entry, int start, int end)
    {
        var text = segment;
        if ((entry.Flags & TermFlags.LeftBoundary) != 0 && start > 0 && TextFolding.IsWordChar(text[start - 1]))
        {
            return false;
        }

        if ((entry.Flags & TermFlags.RightBoundary) != 0 && end < text.Length && TextFolding.IsWordChar(text[end]))
        {
            return false;
        }

        if (entry.Kind == TermKind.Country && NamesACurrency(text, end))
        {
            return false;
        }

        return entry.Exact is null || text.AsSpan(start, end - start).SequenceEqual(entry.Exact);
    }

    /// <summary>"US$ 7 miliar", "R$ 5,5 bilhões", "US dollars": a currency, not a party to the deal.</summary>
    private static bool NamesACurrency(string text, int end) =>
        end < text.Length && (text[end] == '$' || text.AsSpan(end).StartsWith(" dollar", StringComparison.OrdinalIgnoreCase));

    private static void Add(ref Hit[] buffer, ref int count, Hit hit)
    {
        // Matches arrive by end position, longest first at each end, so only the tail can overlap the new hit.
        while (count > 0)
        {
            var last = buffer[count - 1];
            if (hit.Start >= last.End)
            {
                break;
            }

            if (hit.Start <= last.Start || hit.Length > last.Length)
            {
                count--;
                continue;
            }

            return;
        }

        Append(ref buffer, ref count, hit);
    }

    private static void Append(ref Hit[] buffer, ref int count, Hit hit)
    {
        if (count == buffer.Length)
        {
            var larger = ArrayPool<Hit>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan().CopyTo(larger);
            ArrayPool<Hit>.Shared.Return(buffer);
            buffer = larger;
        }

        buffer[count++] = hit;
    }
}
