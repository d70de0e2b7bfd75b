using BriWatch.Api.Articles;
using BriWatch.Api.Security;
using BriWatch.Storage.Articles;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Stories;

/// <summary>Stories: the articles that report one real-world event, grouped by the classifier's story id.</summary>
internal static class StoryEndpoints
{
    /// <summary>A story page reads each story's reports, so pages are smaller than article pages.</summary>
    private const int MaxStoriesPerPage = 50;

    /// <summary>Reports read per story; a story syndicated more widely than this is summarised from its first ones.</summary>
    private const int MaxReportsPerStory = 500;

    public static RouteGroupBuilder MapStoryEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/stories").WithTags("Stories").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/", SearchAsync).WithName("SearchStories")
            .Produces<StoryList>()
            .ProducesValidationProblem()
            .WithSummary("Lists stories with at least one article matching the filters (as for articles), newest first.");
        group.MapGet("/{id}", GetAsync).WithName("GetStory")
            .Produces<StoryDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A story with its reports across outlets and languages, first seen, and the deal amounts they state.");
        return api;
    }

    private static async Task<IResult> SearchAsync(
        [AsParameters] ArticleSearchParameters parameters,
        IArticleStore articles,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (parameters.ToQuery(Math.Min(MaxStoriesPerPage, options.Value.MaxPageSize), out var problem) is not { } query)
        {
            return problem!;
        }

        var page = await articles.SearchStoriesAsync(query, cancellationToken);
        var stories = new List<StorySummary>(page.StoryIds.Count);
        foreach (var id in page.StoryIds)
        {
            var reports = await ReportsAsync(articles, id, cancellationToken);
            if (reports.Count > 0)
            {
                stories.Add(StorySummary.From(id, reports));
            }
        }

        return Results.Ok(new StoryList(stories, page.Total));
    }

    private static async Task<IResult> GetAsync(string id, IArticleStore articles, CancellationToken cancellationToken)
    {
        var reports = await ReportsAsync(articles, id, cancellationToken);
        return reports.Count == 0
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Story not found", detail: $"No story has id '{id}'.")
            : Results.Ok(StoryDetail.From(id, reports));
    }

    /// <summary>The story's reports, oldest first.</summary>
    private static async Task<List<Article>> ReportsAsync(IArticleStore articles, string id, CancellationToken cancellationToken)
    {
        var page = await articles.SearchAsync(new ArticleQuery { StoryId = id, Limit = MaxReportsPerStory }, cancellationToken);
        return [.. page.Items.Reverse()];
    }
}
