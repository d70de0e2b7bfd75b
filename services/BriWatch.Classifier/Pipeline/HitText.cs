using BriWatch.Classifier.Terms;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>Reads the article text around hits (offsets are in <c>Title + "\n" + Text</c>).</summary>
internal static class HitText
{
    private const int MaxHostWord = 8;

    /// <summary>The index of the last hit ending at or before <paramref name="position"/>, or -1; hits are in text order and do not overlap.</summary>
    public static int LastEndingBy(ReadOnlySpan<Hit> hits, int position)
    {
        int lo = 0, hi = hits.Length - 1, last = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (hits[mid].End <= position)
            {
                last = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return last;
    }

    /// <summary>The index of the first hit starting at or after <paramref name="position"/>, or the count when none does.</summary>
    public static int FirstStartingFrom(ReadOnlySpan<Hit> hits, int position)
    {
        int lo = 0, hi = hits.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (hits[mid].Start < position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The title or the text, and the offset in it.</summary>
    public static (string Segment, int Offset) Locate(ArticleInput input, int position)
    {
        var textStart = input.Title.Length + 1;
        return position < textStart ? (input.Title, position) : (input.Text, position - textStart);
    }

    /// <summary>Whether both positions lie in the same segment (a gap never runs from the title into the text).</summary>
    public static bool SameSegment(ArticleInput input, int from, int to) => (from <= input.Title.Length) == (to <= input.Title.Length);

    /// <summary>Whether the word right before <paramref name="hit"/> is a location word ("in", "em", "在", "في").</summary>
    public static bool FollowsHostWord(CompiledTaxonomy taxonomy, ArticleInput input, Hit hit)
    {
        var (segment, start) = Locate(input, hit.Start);
        var end = start;
        while (end > 0 && segment[end - 1] == ' ')
        {
            end--;
        }

        var begin = end;
        if (begin > 0 && TextFolding.IsUnspacedScript(segment[begin - 1]))
        {
            begin--;
        }
        else
        {
            while (begin > 0 && char.IsLetter(segment[begin - 1]))
            {
                begin--;
            }
        }

        return IsHostWord(taxonomy, segment.AsSpan(begin, end - begin));
    }

    /// <summary>Whether <paramref name="word"/> (unfolded) is one of the taxonomy's location words.</summary>
    public static bool IsHostWord(CompiledTaxonomy taxonomy, ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word.Length > MaxHostWord)
        {
            return false;
        }

        Span<char> folded = stackalloc char[word.Length];
        for (var k = 0; k < word.Length; k++)
        {
            folded[k] = TextFolding.Fold(word[k]);
        }

        return taxonomy.HostWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(folded);
    }
}
