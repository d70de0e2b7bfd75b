using System.Buffers;
using BriWatch.Classifier.Matching;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>A pattern match whose word-boundary and case checks passed; <see cref="Mask"/> says which of the pattern's meanings apply.</summary>
internal readonly record struct Hit(int Pattern, int Start, int Length, uint Mask)
{
    public int End => Start + Length;
}

/// <summary>
/// Receives raw matches, applies boundary and case checks, counts stopwords for language identification and keeps the
/// leftmost-longest non-overlapping hits (so "road" inside "Belt and Road" does not count as transport). Buffers are pooled.
/// </summary>
internal sealed class MatchCollector : IMatchSink, IDisposable
{
    private readonly CompiledTaxonomy _taxonomy;
    private string _segment = "";
    private int _offset;
    private Hit[] _hits = ArrayPool<Hit>.Shared.Rent(256);

    public MatchCollector(CompiledTaxonomy taxonomy)
    {
        _taxonomy = taxonomy;
        StopwordCounts = ArrayPool<int>.Shared.Rent(taxonomy.Languages.Length);
        Array.Clear(StopwordCounts);
    }

    public int Count { get; private set; }

    public ReadOnlySpan<Hit> Hits => _hits.AsSpan(0, Count);

    /// <summary>Indexed like <see cref="CompiledTaxonomy.Languages"/>; may be longer (pooled).</summary>
    public int[] StopwordCounts { get; }

    /// <param name="offset">Where <paramref name="segment"/> starts in the article's <c>Title + "\n" + Text</c>.</param>
    public void Scan(string segment, int offset)
    {
        _segment = segment;
        _offset = offset;
        _taxonomy.Matcher.Scan(segment, this);
    }

    public void OnMatch(int pattern, int start, int end)
    {
        var entries = _taxonomy.EntriesByPattern[pattern];
        uint mask = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (!Accepts(entry, start, end))
            {
                continue;
            }

            if (entry.Kind == TermKind.Stopword)
            {
                StopwordCounts[entry.Id]++;
            }
            else
            {
                mask |= 1u << i;
            }
        }

        if (mask != 0)
        {
            Add(new Hit(pattern, _offset + start, end - start, mask));
        }
    }

    public void Dispose()
    {
        ArrayPool<Hit>.Shared.Return(_hits);
        ArrayPool<int>.Shared.Return(StopwordCounts);
        _hits = [];
    }

    private bool Accepts(in TermEntry entry, int start, int end)
    {
        var text = _segment;
        if ((entry.Flags & TermFlags.LeftBoundary) != 0 && start > 0 && TextFolding.IsWordChar(text[start - 1]))
        {
            return false;
        }

        if ((entry.Flags & TermFlags.RightBoundary) != 0 && end < text.Length && TextFolding.IsWordChar(text[end]))
        {
            return false;
        }

        return entry.Exact is null || text.AsSpan(start, end - start).SequenceEqual(entry.Exact);
    }

    private void Add(Hit hit)
    {
        // Matches arrive by end position, longest first at each end, so only the tail can overlap the new hit.
        while (Count > 0)
        {
            var last = _hits[Count - 1];
            if (hit.Start >= last.End)
            {
                break;
            }

            if (hit.Start <= last.Start || hit.Length > last.Length)
            {
                Count--;
                continue;
            }

            return;
        }

        if (Count == _hits.Length)
        {
            var larger = ArrayPool<Hit>.Shared.Rent(_hits.Length * 2);
            _hits.AsSpan().CopyTo(larger);
            ArrayPool<Hit>.Shared.Return(_hits);
            _hits = larger;
        }

        _hits[Count++] = hit;
    }
}
