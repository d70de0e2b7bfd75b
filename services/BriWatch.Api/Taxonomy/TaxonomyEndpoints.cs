using BriWatch.Api.Security;
using BriWatch.Matching.Vocabulary;

namespace BriWatch.Api.Taxonomy;

/// <param name="Topics">The classifier's topics: the values of <c>topics</c> and of <c>topic:</c> in a query.</param>
/// <param name="Countries">The countries the classifier recognises (ISO 3166-1 alpha-2), for <c>countries</c> and <c>country:</c>.</param>
/// <param name="Stages">Project stages, for <c>stage:</c>.</param>
/// <param name="QueryFields">The fields of the query language, each with an example.</param>
/// <param name="QueryRules">How terms combine, in words.</param>
public sealed record TaxonomyResponse(
    IReadOnlyList<VocabularyTerm> Topics,
    IReadOnlyList<TaxonomyCountry> Countries,
    IReadOnlyList<VocabularyTerm> Stages,
    IReadOnlyList<VocabularyTerm> QueryFields,
    IReadOnlyList<string> QueryRules);

internal static class TaxonomyEndpoints
{
    private static readonly TaxonomyResponse Taxonomy = new(
        QueryVocabulary.Topics,
        TaxonomyCountries.All,
        QueryVocabulary.Stages,
        QueryVocabulary.Fields,
        [
            "Adjacent terms must all match (AND); AND, OR and NOT are operators in any case, and parentheses group.",
            "A bare word matches a whole word of the title or summary, in any case; \"a quoted phrase\" matches those words in order; quote an operator (\"or\") to search for the word.",
            "field:(a OR b) lists alternatives for one field; topic and stage values must be ones listed here.",
        ]);

    public static RouteGroupBuilder MapTaxonomyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/taxonomy", () => TypedResults.Ok(Taxonomy))
            .WithTags("Taxonomy")
            .WithName("GetTaxonomy")
            .WithSummary("Lists the topics, countries, stages and query fields subscriptions and queries can name.")
            .RequireAuthorization(ApiPolicies.Reader);
        return api;
    }
}
