using System.Buffers;
using BriWatch.Classifier.Terms;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>
/// Finds country mentions that name a competitor, an import source or the target of a trade measure rather than a party:
/// "competition from cheap Chinese panels", "tariffs on Chinese EVs", "Chinese imports", "aço chinês importado". A
/// <c>rivalry.before</c> cue (seeds/taxonomy/signals.yaml) binds the nearest country named after it, a <c>rivalry.after</c>
/// cue the nearest country named before it (a country name or an organisation of one country), when
/// <list type="bullet">
/// <item>both are in the same clause: no sentence end, comma, semicolon, colon or bracket between them (a decimal point or comma is no end);</item>
/// <item>the gap is at most <see cref="Reach"/> characters wide, a CJK character counting <see cref="UnspacedWidth"/>;</item>
/// <item>no cooperation or role cue lies in the gap ("cheap loans from China" leaves China a financier);</item>
/// <item>no location word (<c>hosts</c>) lies in the gap, nor, for an after cue, right before the country ("competition in the
/// Brazilian market", "a plant in Brazil amid competition" leave Brazil a host).</item>
/// </list>
/// Countries coordinated with a bound one ("imports from India, Indonesia and Laos") are bound too. Heuristic, and said to
/// be: it reads cue words next to names, not syntax.
/// </summary>
internal sealed class RivalMentions(CompiledTaxonomy taxonomy)
{
    /// <summary>Widest gap between a cue and the country it binds: a few words ("competition from cheap Chinese").</summary>
    private const int Reach = 30;

    /// <summary>Widest gap between coordinated countries: ", ", " and ", " и ", "和".</summary>
    private const int ChainReach = 6;

    /// <summary>A CJK character carries about as much as a short word.</summary>
    private const int UnspacedWidth = 3;

    private const int Before = 0;

    private static readonly SearchValues<char> ClauseEnds = SearchValues.Create(",;:!?()[]\n\r。，、；：！？（）،؛");
    private static readonly SearchValues<char> SentenceEnds = SearchValues.Create(";!?\n\r。；！？؛");

    /// <param name="hits">Name hits in text order, then cue hits in text order (<see cref="TermHitCollector.Complete"/>).</param>
    /// <param name="nameCount">How many of <paramref name="hits"/> are name hits.</param>
    public RivalSet Find(ArticleInput input, ReadOnlySpan<Hit> hits, int nameCount)
    {
        var names = hits[..nameCount];
        var cues = hits[nameCount..];
        var rivals = new RivalSet(nameCount);
        foreach (var cue in cues)
        {
            var entries = taxonomy.EntriesByPattern[cue.Pattern];
            for (var e = 0; e < entries.Length; e++)
            {
                if ((cue.Mask & (1u << e)) == 0 || entries[e].Kind != TermKind.Rival)
                {
                    continue;
                }

                if (entries[e].Id == Before)
                {
                    BindForward(input, names, cues, cue, ref rivals);
                }
                else
                {
                    BindBackward(input, names, cues, cue, ref rivals);
                }
            }
        }

        return rivals;
    }

    private void BindForward(ArticleInput input, ReadOnlySpan<Hit> names, ReadOnlySpan<Hit> cues, Hit cue, ref RivalSet rivals)
    {
        var first = HitText.FirstStartingFrom(names, cue.End);

        for (var i = first; i < names.Length && names[i].Start - cue.End <= Reach; i++)
        {
            if (!IsCountry(names[i]))
            {
                continue;
            }

            if (!Binds(input, cues, cue.End, names[i].Start, Reach, ClauseEnds))
            {
                return;
            }

            rivals.Mark(i);
            for (var j = i + 1; j < names.Length && IsCountry(names[j]) && Binds(input, cues, names[j - 1].End, names[j].Start, ChainReach, SentenceEnds); j++)
            {
                rivals.Mark(j);
            }

            return;
        }
    }

    private void BindBackward(ArticleInput input, ReadOnlySpan<Hit> names, ReadOnlySpan<Hit> cues, Hit cue, ref RivalSet rivals)
    {
        var last = HitText.LastEndingBy(names, cue.Start);

        for (var i = last; i >= 0 && cue.Start - names[i].End <= Reach; i--)
        {
            if (!IsCountry(names[i]))
            {
                continue;
            }

            if (HitText.FollowsHostWord(taxonomy, input, names[i]) || !Binds(input, cues, names[i].End, cue.Start, Reach, ClauseEnds))
            {
                return;
            }

            rivals.Mark(i);
            for (var j = i - 1; j >= 0 && IsCountry(names[j]) && !HitText.FollowsHostWord(taxonomy, input, names[j])
                && Binds(input, cues, names[j].End, names[j + 1].Start, ChainReach, SentenceEnds); j--)
            {
                rivals.Mark(j);
            }

            return;
        }
    }

    private bool IsCountry(Hit hit) => taxonomy.CountryOf(hit.Pattern, hit.Mask) >= 0;

    /// <summary>Whether the gap [<paramref name="from"/>, <paramref name="to"/>) lets a cue (or a coordinated country) reach across.</summary>
    private bool Binds(ArticleInput input, ReadOnlySpan<Hit> cues, int from, int to, int reach, SearchValues<char> ends)
    {
        if (to < from || !HitText.SameSegment(input, from, to))
        {
            return false;
        }

        var (segment, offset) = HitText.Locate(input, from);
        var gap = segment.AsSpan(offset, Math.Min(to - from, segment.Length - offset));
        var width = 0;
        var wordStart = -1;
        for (var k = 0; k < gap.Length; k++)
        {
            var c = gap[k];
            var inNumber = k > 0 && k + 1 < gap.Length && char.IsAsciiDigit(gap[k - 1]) && char.IsAsciiDigit(gap[k + 1]);
            if ((ends.Contains(c) && !(c == ',' && inNumber)) || (c == '.' && !inNumber))
            {
                return false;
            }

            var unspaced = TextFolding.IsUnspacedScript(c);
            width += unspaced ? UnspacedWidth : 1;
            if (width > reach)
            {
                return false;
            }

            // A location word in the gap: "competition in the Brazilian market" is about where, not who.
            if (char.IsLetter(c) && !unspaced)
            {
                wordStart = wordStart < 0 ? k : wordStart;
                if (k + 1 == gap.Length || !char.IsLetter(gap[k + 1]))
                {
                    // The rest of a prefix-matched cue or name ("chines|as", "дешев|ого") is no word of its own.
                    var partial = (wordStart == 0 && offset > 0 && char.IsLetter(segment[offset - 1]))
                        || (k + 1 == gap.Length && offset + gap.Length < segment.Length && char.IsLetter(segment[offset + gap.Length]));
                    if (!partial && HitText.IsHostWord(taxonomy, gap[wordStart..(k + 1)]))
                    {
                        return false;
                    }

                    wordStart = -1;
                }
            }
            else if (unspaced && (HitText.IsHostWord(taxonomy, gap.Slice(k, 1))
                || (k + 1 < gap.Length && TextFolding.IsUnspacedScript(gap[k + 1]) && HitText.IsHostWord(taxonomy, gap.Slice(k, 2)))))
            {
                return false;
            }
        }

        // A deal or role cue in the gap ("cheap loans from China", "cheaper financing from Indian banks") ties the country to the deal.
        for (var c = HitText.FirstStartingFrom(cues, from); c < cues.Length && cues[c].Start < to; c++)
        {
            if (cues[c].End <= to && IsDealCue(cues[c]))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsDealCue(Hit cue)
    {
        var entries = taxonomy.EntriesByPattern[cue.Pattern];
        for (var e = 0; e < entries.Length; e++)
        {
            if ((cue.Mask & (1u << e)) != 0 && entries[e].Kind is TermKind.Cooperation or TermKind.Role)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The name hits found to be rival mentions; the flags are pooled and taken only when a cue binds something.</summary>
internal struct RivalSet(int nameCount) : IDisposable
{
    private bool[]? marks;

    public readonly bool IsEmpty => marks is null;

    public readonly bool Contains(int nameHit) => marks is not null && nameHit < nameCount && marks[nameHit];

    public void Mark(int nameHit)
    {
        if (marks is null)
        {
            marks = ArrayPool<bool>.Shared.Rent(nameCount);
            Array.Clear(marks, 0, nameCount);
        }

        marks[nameHit] = true;
    }

    public void Dispose()
    {
        if (marks is not null)
        {
            ArrayPool<bool>.Shared.Return(marks);
            marks = null;
        }
    }
}
