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
        var validation = new Validation();
        var limit = parameters.Limit ?? 50;
        if (limit < 1 || limit > options.Value.MaxPageSize)
        {
            validation.Add("limit", $"limit must be between 1 and {options.Value.MaxPageSize}.");
        }

        if (parameters.Skip < 0)
        {
            validation.Add("skip", "skip must not be negative.");
        }

        if (parameters.MinScore is < 0 or > 1)
        {
            validation.Add("minScore", "minScore must be between 0 and 1.");
        }

        validation.OptionalCountry("country", parameters.Country);
        if (parameters.Topic is { } topic && !QueryVocabulary.IsTopic(topic))
        {
            // An unknown topic would answer an empty list, as if nothing had been published.
            validation.Add("topic", QueryVocabulary.Unknown(topic, "topic", QueryVocabulary.Topics) + ".");
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var page = await articles.SearchAsync(
            new ArticleQuery
            {
                Relevant = parameters.Relevant,
                Topic = parameters.Topic,
                Country = parameters.Country,
                SourceId = parameters.Source,
                StoryId = parameters.Story,
                Language = parameters.Language,
                MinScore = parameters.MinScore,
                DiscoveredSince = parameters.Since,
                Text = parameters.Q,
                Skip = parameters.Skip ?? 0,
                Limit = limit,
            },
            cancellationToken);
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
    int? Limit);

public sealed record ArticleList(IReadOnlyList<Article> Items, long Total);
