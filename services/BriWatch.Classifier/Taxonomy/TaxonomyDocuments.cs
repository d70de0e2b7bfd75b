namespace BriWatch.Classifier.Taxonomy;

// YAML shapes of the files in seeds/taxonomy (documented in its README.md). Mutable because the deserializer fills them.

internal sealed class TopicsDocument
{
    public int Version { get; set; }
    public Dictionary<string, TopicDocument> Topics { get; set; } = [];
}

internal sealed class TopicDocument
{
    public string Role { get; set; } = "";
    public Dictionary<string, List<string>> Terms { get; set; } = [];
}

internal sealed class CountriesDocument
{
    public int Version { get; set; }
    public Dictionary<string, CountryDocument> Countries { get; set; } = [];
}

internal sealed class CountryDocument
{
    public string Name { get; set; } = "";
    public BricsStatusDocument? Brics { get; set; }
    public bool Bri { get; set; }
    public Dictionary<string, List<string>> Names { get; set; } = [];
}

internal sealed class BricsStatusDocument
{
    public string? MemberFrom { get; set; }
    public string? PartnerFrom { get; set; }
}

internal sealed class EntitiesDocument
{
    public int Version { get; set; }
    public List<EntityDocument> Entities { get; set; } = [];
}

internal sealed class EntityDocument
{
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Framing { get; set; }
    public List<string> Countries { get; set; } = [];
    public List<string> Topics { get; set; } = [];
    public Dictionary<string, List<string>> Aliases { get; set; } = [];
}

internal sealed class SignalsDocument
{
    public int Version { get; set; }
    public Dictionary<string, List<string>> Cooperation { get; set; } = [];
    public Dictionary<string, List<string>> Negative { get; set; } = [];
    public Dictionary<string, Dictionary<string, List<string>>> Stages { get; set; } = [];
    public Dictionary<string, Dictionary<string, List<string>>> Roles { get; set; } = [];
    public Dictionary<string, List<string>> Hosts { get; set; } = [];
    public List<string> RolePassive { get; set; } = [];
    public Dictionary<string, Dictionary<string, List<string>>> Rivalry { get; set; } = [];
}

internal sealed class LanguagesDocument
{
    public int Version { get; set; }
    public Dictionary<string, LanguageDocument> Languages { get; set; } = [];
}

internal sealed class LanguageDocument
{
    public string Script { get; set; } = "";
    public List<string> Stopwords { get; set; } = [];
    public List<string> Endings { get; set; } = [];
}

internal sealed class RatesDocument
{
    public int Version { get; set; }
    public Dictionary<string, CurrencyDocument> Currencies { get; set; } = [];
    public Dictionary<string, ScaleDocument> Scales { get; set; } = [];

    /// <summary>Words allowed between a scale word and the currency after it ("milliard de dollars").</summary>
    public List<string> Joiners { get; set; } = [];

    /// <summary>Cues for each amount role, by language (term syntax).</summary>
    public Dictionary<string, Dictionary<string, List<string>>> AmountRoles { get; set; } = [];
}

internal sealed class CurrencyDocument
{
    public List<string> Aliases { get; set; } = [];
    public Dictionary<string, double> Rates { get; set; } = [];
}

internal sealed class ScaleDocument
{
    public double Value { get; set; }

    /// <summary>The scale is written with comma-grouped digits only ("5,000 crore"): a comma never marks decimals.</summary>
    public bool CommaGroups { get; set; }

    /// <summary>The scale's words are Spanish, Portuguese or Indonesian ones, where a point groups digits ("1.300 millones").</summary>
    public bool DotGroups { get; set; }

    public List<string> Aliases { get; set; } = [];
}
