using BriWatch.Matching.Query;

namespace BriWatch.Matching.Vocabulary;

/// <summary>
/// The values subscriptions and queries can name: the classifier's fixed topics and project stages (kept in step with
/// seeds/taxonomy by a test) and the query fields. Any other topic or stage can never match, so it is refused.
/// </summary>
public static class QueryVocabulary
{
    public static readonly IReadOnlyList<VocabularyTerm> Topics =
    [
        new("brics", "BRICS framing: the bloc, its summits, members and the New Development Bank."),
        new("bri", "Belt and Road framing: the initiative, its corridors (CPEC), the Silk Road Fund and the AIIB."),
        new("manufacturing", "Factories, assembly and production lines, carmakers, steel, chips, supply chains."),
        new("industrial_park_sez", "Industrial parks, special economic zones and free trade zones."),
        new("infrastructure_transport", "Railways, ports, roads, bridges, airports and logistics corridors."),
        new("energy_new", "New energy: solar, wind, hydrogen, batteries, EVs, nuclear and grids."),
        new("energy_traditional", "Oil, gas, coal, pipelines, refineries and LNG."),
        new("digital_infrastructure", "5G, data centres, undersea cables, satellites and AI partnerships."),
        new("finance_investment", "Loans, investment, funds, bonds and development-bank finance."),
        new("trade", "Trade flows, agreements, tariffs and local-currency settlement (context only: never makes an article relevant on its own)."),
        new("mining_resources", "Mining, minerals, lithium, rare earths and metals processing."),
        new("agriculture", "Agriculture, food processing, fertilisers and agro-industrial projects (weak substance)."),
        new("policy_diplomacy", "State visits, summits, ministerial talks and cooperation policy (context only)."),
    ];

    public static readonly IReadOnlyList<VocabularyTerm> Stages =
    [
        new("announced", "A project announced or proposed."),
        new("mou", "A memorandum of understanding, framework agreement or letter of intent."),
        new("signed", "A binding contract or agreement signed."),
        new("financed", "Financing approved or disbursed."),
        new("under_construction", "Ground broken; construction under way."),
        new("operational", "Completed, commissioned or in operation."),
        new("cancelled", "Cancelled, suspended or withdrawn."),
    ];

    public static readonly IReadOnlyList<VocabularyTerm> Fields =
    [
        new(QueryFields.Topic, "topic:energy_new, or topic:(bri OR brics): the article has one of the topics."),
        new(QueryFields.Country, "country:BR, or country:(BR OR ZA): the article is about one of the countries (ISO 3166-1 alpha-2)."),
        new(QueryFields.Language, "language:zh: the article's language; zh also matches zh-Hans."),
        new(QueryFields.Source, "source:xinhua-en: the id of the source the article came from."),
        new(QueryFields.Stage, "stage:signed: the project stage the article reports."),
        new(QueryFields.Official, "official:true: the source is an official one (a ministry, a bank, a government portal)."),
        new(QueryFields.Score, "score>=0.7: the relevance score, 0 to 1; compare with >, >=, <, <= or =."),
        new(QueryFields.AmountUsd, "amount_usd>=100M: the deal amount in US dollars, with an optional K, M, B or T suffix; an unknown amount never matches."),
    ];

    /// <summary>The values a field is limited to, or null when it takes any value (countries, languages, sources).</summary>
    public static IReadOnlyList<VocabularyTerm>? ValuesOf(string field) => field switch
    {
        QueryFields.Topic => Topics,
        QueryFields.Stage => Stages,
        _ => null,
    };

    public static bool IsTopic(string value) => Topics.Any(t => t.Id == value);

    /// <summary>
    /// Why <paramref name="value"/> is not one of <paramref name="terms"/>, naming the closest ones and listing all,
    /// e.g. "'evs' is not a topic; did you mean energy_new? Topics: brics, bri, …".
    /// </summary>
    /// <param name="kind">What a value is, singular ("topic") for the message.</param>
    public static string Unknown(string value, string kind, IReadOnlyList<VocabularyTerm> terms)
    {
        var suggestions = Suggestions.For(value, terms);
        var hint = suggestions.Count == 0 ? "" : $"; did you mean {string.Join(" or ", suggestions)}?";
        var all = string.Join(", ", terms.Select(t => t.Id));
        return hint.Length == 0
            ? $"'{value}' is not a {kind}; use one of {all}"
            : $"'{value}' is not a {kind}{hint} Valid {kind}s: {all}";
    }
}
