using BriWatch.Storage.Sources;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Sources;

internal static class SourceEndpoints
{
    public static RouteGroupBuilder MapSourceEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sources").WithTags("Sources");
        group.MapGet("/", ListAsync).WithName("ListSources");
        group.MapGet("/{id}", GetAsync).WithName("GetSource");
        group.MapPost("/", CreateAsync).WithName("CreateSource");
        group.MapPut("/{id}", UpdateAsync).WithName("UpdateSource");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteSource");
        return api;
    }

    private static async Task<IResult> ListAsync(ISourceStore sources, CancellationToken cancellationToken) =>
        Results.Ok(await sources.ListAsync(cancellationToken));

    private static async Task<IResult> GetAsync(string id, ISourceStore sources, CancellationToken cancellationToken)
    {
        var source = await sources.GetAsync(id, cancellationToken);
        return source is null ? NotFound(id) : Results.Ok(source);
    }

    private static async Task<IResult> CreateAsync(
        SourceRequest request,
        ISourceStore sources,
        IOptions<ApiOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = request.Validate(options.Value);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var now = time.GetUtcNow();
        var source = request.ToSource(request.Id ?? Slug.From(request.Name!), now) with
        {
            CreatedAt = now,
            Crawl = new SourceCrawlState { NextAttemptAt = now },
        };
        if (!await sources.CreateAsync(source, cancellationToken))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Source already exists", detail: $"A source with id '{source.Id}' already exists.");
        }

        return Results.Created($"/api/sources/{source.Id}", await sources.GetAsync(source.Id, cancellationToken));
    }

    private static async Task<IResult> UpdateAsync(
        string id,
        SourceRequest request,
        ISourceStore sources,
        IOptions<ApiOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = request.Validate(options.Value);
        if (request.Id is not null && request.Id != id)
        {
            validation.Add("id", "id in the body must match the id in the path.");
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        if (!await sources.UpdateDefinitionAsync(request.ToSource(id, time.GetUtcNow()), cancellationToken))
        {
            return NotFound(id);
        }

        return Results.Ok(await sources.GetAsync(id, cancellationToken));
    }

    private static async Task<IResult> DeleteAsync(string id, ISourceStore sources, CancellationToken cancellationToken) =>
        await sources.DeleteAsync(id, cancellationToken) ? Results.NoContent() : NotFound(id);

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Source not found", detail: $"No source has id '{id}'.");
}
