namespace BriWatch.Classifier.Pipeline;

/// <summary>What the classifier says about one article.</summary>
/// <param name="Score">0–1: the product of the BRICS/BRI link, the industrial substance and the share not taken by off-topic cues.</param>
/// <param name="Countries">ISO 3166-1 alpha-2 codes of the parties and hosts, most-mentioned first.</param>
/// <param name="Entities">Organisations, projects and places, first mention each, offsets in <c>Title + "\n" + Text</c>.</param>
/// <param name="Evidence">The spans that drove the decision.</param>
/// <param name="AmountUsd">The deal's own amount in US dollars (the headline deal, loan or investment amount of <paramref name="Amounts"/>), never a background figure.</param>
/// <param name="Stage">announced, mou, signed, financed, under_construction, operational or cancelled.</param>
/// <param name="Parties">The countries again, each with the roles the text gives it (investor, builder, financier, host); only for relevant articles.</param>
/// <param name="Amounts">Every money amount stated, in text order, with its value, currency, US dollar value, role and span.</param>
public sealed record Classification(
    bool Relevant,
    double Score,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Countries,
    string Language,
    IReadOnlyList<EntityMention> Entities,
    IReadOnlyList<EvidenceSpan> Evidence,
    double? AmountUsd,
    string? Stage,
    IReadOnlyList<Party> Parties,
    IReadOnlyList<AmountMention> Amounts);

/// <summary>A money amount the article states, with its role.</summary>
/// <param name="Currency">ISO 4217 code of the currency as stated.</param>
/// <param name="AmountUsd">In US dollars, at the rates of the article's date.</param>
/// <param name="Role">deal, loan, investment, capacity or background.</param>
/// <param name="Start">Offset in <c>Title + "\n" + Text</c>.</param>
/// <param name="Evidence">The amount as the text states it.</param>
public sealed record AmountMention(double Value, string Currency, double? AmountUsd, string Role, int Start, int Length, string Evidence);

/// <summary>An organisation, project or place the taxonomy knows, where the article first mentions it.</summary>
/// <param name="Kind">The entity's kind in the taxonomy; <c>place</c> for a country.</param>
/// <param name="Start">Offset in <c>Title + "\n" + Text</c>.</param>
public sealed record EntityMention(string Kind, string Name, int Start, int Length);

/// <param name="Roles">Any of investor, builder, financier, host; empty when the text does not say.</param>
public sealed record Party(string Country, IReadOnlyList<string> Roles);

/// <param name="Reason">Why the span counts, e.g. <c>framing:brics</c>, <c>party:CN</c>, <c>topic:manufacturing</c>, <c>negative</c>, <c>rival:CN</c> (named as a competitor or import source, so not a party).</param>
/// <param name="Start">Offset in <c>Title + "\n" + Text</c>.</param>
public sealed record EvidenceSpan(string Reason, string Text, int Start, int Length)
{
    public override string ToString() => $"{Reason}: \"{Text}\" @{Start}";
}
