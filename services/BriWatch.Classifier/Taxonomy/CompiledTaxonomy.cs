using BriWatch.Classifier.Matching;

namespace BriWatch.Classifier.Taxonomy;

/// <summary>The taxonomy compiled once into one matcher plus the tables its matches point into. Immutable and thread-safe.</summary>
internal sealed class CompiledTaxonomy
{
    public static readonly string[] StageIds = ["announced", "mou", "signed", "financed", "under_construction", "operational", "cancelled"];

    /// <summary>Party roles a cue can give; the host role comes from <see cref="HostWords"/> instead.</summary>
    public static readonly string[] RoleIds = ["investor", "builder", "financier"];

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

    /// <summary>Folded scale words ("billion", "млрд", "亿") → multiplier; looked up next to a number, not matched.</summary>
    public required Dictionary<string, double> Scales { get; init; }

    /// <summary>Folded location words ("in", "em", "在", "في"): a party named right after one is a host.</summary>
    public required HashSet<string> HostWords { get; init; }

    /// <summary>Folded last words ("by", "from") that make a role cue point at the party after it.</summary>
    public required HashSet<string> PassiveMarkers { get; init; }

    public int PatternCount => EntriesByPattern.Length;
}
