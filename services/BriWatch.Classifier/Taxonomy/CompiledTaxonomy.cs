using BriWatch.Classifier.Terms;

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

    /// <summary>
    /// What a money amount is. <c>past</c> is no role of its own but a background cue that reaches across the whole sentence
    /// before the amount ("Last year, ... totalled $8 billion"); the others reach within the amount's clause. <c>conversion</c>
    /// cues ("约合", "equivalent to") between two amounts make the second the first one in another currency.
    /// </summary>
    public static readonly string[] AmountRoleIds = ["deal", "loan", "investment", "capacity", "background", "past", "conversion"];

    public const int AmountDeal = 0, AmountLoan = 1, AmountInvestment = 2, AmountCapacity = 3, AmountBackground = 4, AmountPast = 5, AmountConversion = 6;

    public required string Version { get; init; }
    public required TermMatcher Matcher { get; init; }
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

    /// <summary>Folded words that may stand between a scale word and the currency after it ("de", "d'", "of").</summary>
    public required string[] Joiners { get; init; }

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
