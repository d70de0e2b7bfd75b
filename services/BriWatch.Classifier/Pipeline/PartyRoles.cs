using System.Buffers;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>
/// Gives parties their roles. A role cue ("will invest", "built by", "loan") goes to the nearest party named before it in
/// the same sentence, within <see cref="Reach"/> characters (a country name or an organisation of that country); a party
/// named right after a location word ("in", "em", "在", "في") is a host. Passive cues ("financed by") look after themselves. Heuristic, and said to be: roles are left empty
/// rather than guessed when the text does not put a party next to a cue.
/// </summary>
internal sealed class PartyRoles(CompiledTaxonomy taxonomy)
{
    private const int Reach = 80;
    private const int Host = 3;

    // Every combination of the four role bits (investor, builder, financier, host), built once so results allocate nothing.
    private static readonly string[][] RoleSets = BuildRoleSets();

    private static readonly SearchValues<char> SentenceEnds = SearchValues.Create(".。!?！？;؛");

    public List<Party> Assign(ArticleInput input, ReadOnlySpan<Hit> hits, int nameCount, List<int> parties)
    {
        Span<byte> roles = stackalloc byte[taxonomy.Countries.Length];
        roles.Clear();
        var names = hits[..nameCount];
        foreach (var hit in names)
        {
            if (CountryOf(hit) is var country and >= 0 && parties.Contains(country) && FollowsHostWord(input, hit))
            {
                roles[country] |= 1 << Host;
            }
        }

        foreach (var cue in hits[nameCount..])
        {
            var entries = taxonomy.EntriesByPattern[cue.Pattern];
            for (var e = 0; e < entries.Length; e++)
            {
                if ((cue.Mask & (1u << e)) != 0 && entries[e].Kind == TermKind.Role
                    && (IsPassive(cue) ? NearestPartyAfter(input, names, cue, parties) : NearestPartyBefore(input, names, cue, parties)) is var country and >= 0)
                {
                    roles[country] |= (byte)(1 << entries[e].Id);
                }
            }
        }

        var result = new List<Party>(parties.Count);
        foreach (var p in parties)
        {
            result.Add(new Party(taxonomy.Countries[p].Code, RoleSets[roles[p]]));
        }

        return result;
    }

    /// <summary>The single country a hit names: a country name, or an organisation based in one country.</summary>
    private int CountryOf(Hit hit) => taxonomy.CountryOf(hit.Pattern, hit.Mask);

    private int NearestPartyBefore(ArticleInput input, ReadOnlySpan<Hit> names, Hit cue, List<int> parties)
    {
        var last = HitText.LastEndingBy(names, cue.Start);

        for (var i = last; i >= 0; i--)
        {
            var hit = names[i];
            if (cue.Start - hit.End > Reach || CrossesSentence(input, hit.End, cue.Start))
            {
                return -1;
            }

            if (CountryOf(hit) is var country and >= 0 && parties.Contains(country))
            {
                return country;
            }
        }

        return -1;
    }

    private int NearestPartyAfter(ArticleInput input, ReadOnlySpan<Hit> names, Hit cue, List<int> parties)
    {
        var first = HitText.FirstStartingFrom(names, cue.End);

        foreach (var hit in names[first..])
        {
            if (hit.Start - cue.End > Reach || CrossesSentence(input, cue.End, hit.Start))
            {
                return -1;
            }

            if (CountryOf(hit) is var country and >= 0 && parties.Contains(country))
            {
                return country;
            }
        }

        return -1;
    }

    private bool IsPassive(Hit cue)
    {
        var pattern = taxonomy.Patterns[cue.Pattern];
        var space = pattern.LastIndexOf(' ');
        return space > 0 && taxonomy.PassiveMarkers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(pattern.AsSpan(space + 1));
    }

    private bool FollowsHostWord(ArticleInput input, Hit hit) => HitText.FollowsHostWord(taxonomy, input, hit);

    private static bool CrossesSentence(ArticleInput input, int from, int to)
    {
        var (segment, start) = HitText.Locate(input, from);
        var length = Math.Min(to - from, segment.Length - start);
        return segment.AsSpan(start, length).IndexOfAny(SentenceEnds) >= 0;
    }

    private static string[][] BuildRoleSets()
    {
        string[] names = [.. CompiledTaxonomy.RoleIds, "host"];
        var sets = new string[1 << names.Length][];
        for (var bits = 0; bits < sets.Length; bits++)
        {
            sets[bits] = [.. names.Where((_, i) => (bits & (1 << i)) != 0)];
        }

        return sets;
    }
}
