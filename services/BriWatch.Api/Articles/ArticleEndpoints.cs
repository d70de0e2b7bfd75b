using BriWatch.Api.Security;
using BriWatch.Matching.Vocabulary;
using BriWatch.Storage.Articles;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Articles;

internal static class ArticleEndpoints
{
    public static RouteGroupBuilder MapArticleEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/articles").WithTags("Articles").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/", SearchAsync).WithName("SearchArticles").WithSummary("Lists stored articles, newest first, filtered by tags.");
        group.MapGet("/{id}", GetAsync).WithName("GetArticle");
        return api;
    }

    private static async Task<IResult> SearchAsync(
        [AsParameters] ArticleSearchParameters parameters,
        IArticleStore articles,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (parameters.ToQuery(options.Value.MaxPageSize, out var problem) is not { } query)
        {
            return problem!;
        }

        var page = await articles.SearchAsync(query, cancellationToken);
        return Results.Ok(new ArticleList(page.Items, page.Total));
    }

    private static async Task<IResult> GetAsync(string id, IArticleStore articles, CancellationToken cancellationToken)
    {
        var article = await articles.GetAsync(id, cancellationToken);
        return article is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Article not found", detail: $"No article has id '{id}'.")
            : Results.Ok(article);
    }
}

/// <summary>The article filters, shared by the article and story lists.</summary>
internal sealed record ArticleSearchParameters(
    bool? Relevant,
    string? Topic,
    string? Country,
    string? Source,
    string? Story,
    string? Language,
    double? MinScore,
    DateTimeOffset? Since,
    string? Q,
    int? Skip,
    int? Limit)
{
    /// <summary>The store query; null with a 400 problem naming each bad parameter.</summary>
    public ArticleQuery? ToQuery(int maxPageSize, out IResult? problem)
    {
        var validation = new Validation();
        var limit = Limit ?? 50;
        if (limit < 1 || limit > maxPageSize)
        {
            validation.Add("limit", $"limit must be between 1 and {maxPageSize}.");
        }

        if (Skip < 0)
        {
            validation.Add("skip", "skip must not be negative.");
        }

        if (MinScore is < 0 or > 1)
        {
            validation.Add("minScore", "minScore must be between 0 and 1.");
        }

        validation.OptionalCountry("country", Country);
        if (Topic is { } topic && !QueryVocabulary.IsTopic(topic))
        {
            // An unknown topic would answer an empty list, as if nothing had been published.
            validation.Add("topic", QueryVocabulary.Unknown(topic, "topic", QueryVocabulary.Topics) + ".");
        }

        problem = validation.IsValid ? null : validation.Problem();
        return validation.IsValid
            ? new ArticleQuery
            {
                Relevant = Relevant,
                Topic = Topic,
                Country = Country,
                SourceId = Source,
                StoryId = Story,
                Language = Language,
                MinScore = MinScore,
                DiscoveredSince = Since,
                Text = Q,
                Skip = Skip ?? 0,
                Limit = limit,
            }
            : null;
    }
}

public sealed record ArticleList(IReadOnlyList<Article> Items, long Total);
