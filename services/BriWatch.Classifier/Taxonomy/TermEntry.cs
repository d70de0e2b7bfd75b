namespace BriWatch.Classifier.Taxonomy;

internal enum TermKind : byte
{
    Topic,
    Country,
    Entity,
    Cooperation,
    Negative,
    Stage,
    Stopword,
    Currency,
    Role,

    /// <summary>A competitor or import-pressure cue; its id is a <see cref="CompiledTaxonomy.RivalryDirections"/> index.</summary>
    Rival,

    /// <summary>A cue for what a money amount is (a loan, background...); its id is a <see cref="CompiledTaxonomy.AmountRoleIds"/> index.</summary>
    AmountRole,
}

[Flags]
internal enum TermFlags : byte
{
    None = 0,
    LeftBoundary = 1,
    RightBoundary = 2,
    ExactCase = 4,
}

/// <summary>What one matched pattern means; a pattern can mean several things (a stopword of two languages, a name and a topic term).</summary>
/// <param name="Id">Index into the table of its kind (topic, country, entity, stage, role, rivalry direction or language).</param>
/// <param name="Exact">The original spelling when the term only matches in that exact case.</param>
internal readonly record struct TermEntry(TermKind Kind, short Id, TermFlags Flags, string? Exact);
