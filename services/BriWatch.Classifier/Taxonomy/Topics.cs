namespace BriWatch.Classifier.Taxonomy;

/// <summary>The fixed topic ids; subscriptions and the API filter on them, so the taxonomy cannot rename or add topics.</summary>
public static class Topics
{
    public static readonly IReadOnlyList<string> Ids =
    [
        "brics", "bri", "manufacturing", "industrial_park_sez", "infrastructure_transport", "energy_new", "energy_traditional",
        "digital_infrastructure", "finance_investment", "trade", "mining_resources", "agriculture", "policy_diplomacy",
    ];

    internal const int Brics = 0;
    internal const int Bri = 1;
}

internal enum TopicRole : byte
{
    /// <summary>Names a BRICS or Belt and Road framing: half of what relevance needs.</summary>
    Framing,

    /// <summary>Industrial substance: the other half.</summary>
    Substance,

    /// <summary>Substance that counts half (agriculture is industrial only with processing, inputs or parks).</summary>
    WeakSubstance,

    /// <summary>Tagged as a topic but never makes an article relevant on its own (trade, diplomacy).</summary>
    Context,
}
