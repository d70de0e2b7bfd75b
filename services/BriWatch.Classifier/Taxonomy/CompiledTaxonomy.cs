using BriWatch.Classifier.Matching;

namespace BriWatch.Classifier.Taxonomy;

/// <summary>The taxonomy compiled once into one matcher plus the tables its matches point into. Immutable and thread-safe.</summary>
internal sealed class CompiledTaxonomy
{
    public static readonly string[] StageIds = ["announced", "mou", "signed", "financed", "under_construction", "operational", "cancelled"];

    /// <summary>The `stages:` key of purpose and plan cues ("to build", "plans to"); their stage id is <c>StageIds.Length</c>.</summary>
    public const string StageIntent = "intent";

    /// <summary>Party roles a cue can give; the host role comes from <see cref="HostWords"/> instead.</summary>
    public static readonly string[] RoleIds = ["investor", "builder", "financier"];

    /// <summary>
    /// Where a rivalry cue looks for the country it makes a competitor: <c>before</c> cues precede it ("tariffs on Chinese EVs"),
    /// <c>after</c> cues follow it ("Chinese imports").
    /// </summary>
    public static readonly string[] RivalryDirections = ["before", "after"];

    public required string Version { get; init; }
    public required AhoCorasickMatcher Matcher { get; init; }
    public required TermEntry[][] EntriesByPattern { get; init; }

    /// <summary>The folded patterns, indexed like <see cref="EntriesByPattern"/>.</summary>
    public required string[] Patterns { get; init; }
    public required TopicRole[] TopicRoles { get; init; }
    public required CountryInfo[] Countries { get; init; }
    public required EntityInfo[] Entities { get; init; }

    /// <summary>Language codes, indexed by a stopword entry's id.</summary>
    public required string[] Languages { get; init; }

    public required CurrencyInfo[] Currencies { get; init; }

    /// <summary>Folded scale words ("billion", "млрд", "亿", "crore") → multiplier; looked up next to a number, not matched.</summary>
    public required Dictionary<string, ScaleInfo> Scales { get; init; }

    /// <summary>Folded location words ("in", "em", "在", "في"): a party named right after one is a host.</summary>
    public required HashSet<string> HostWords { get; init; }

    /// <summary>Folded last words ("by", "from") that make a role cue point at the party after it.</summary>
    public required HashSet<string> PassiveMarkers { get; init; }

    public int PatternCount => EntriesByPattern.Length;

    /// <summary>The single country a name hit stands for: a country name, or an organisation based in one country; otherwise -1.</summary>
    public int CountryOf(int pattern, uint mask)
    {
        var entries = EntriesByPattern[pattern];
        for (var e = 0; e < entries.Length; e++)
        {
            if ((mask & (1u << e)) == 0)
            {
                continue;
            }

            switch (entries[e].Kind)
            {
                case TermKind.Country:
                    return entries[e].Id;
                case TermKind.Entity when Entities[entries[e].Id] is { Kind: "organisation", Countries.Length: 1 } organisation:
                    return organisation.Countries[0];
            }
        }

        return -1;
    }
}
