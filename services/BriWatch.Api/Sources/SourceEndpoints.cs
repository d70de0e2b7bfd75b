using System.Text.Json;
using System.Text.Json.Nodes;
using System.Security.Claims;
using BriWatch.Api.Identity;
using BriWatch.Api.Security;
using BriWatch.Storage.Audit;
using BriWatch.Storage.Sources;
using BriWatch.Storage.WebSub;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Sources;

internal static class SourceEndpoints
{
    public static RouteGroupBuilder MapSourceEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sources").WithTags("Sources").RequireAuthorization(ApiPolicies.Admin);
        group.MapGet("/", ListAsync).WithName("ListSources");
        group.MapGet("/{id}", GetAsync).WithName("GetSource");
        group.MapPost("/", CreateAsync).WithName("CreateSource");
        group.MapPut("/{id}", UpdateAsync).WithName("UpdateSource");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteSource");
        return api;
    }

    private static async Task<IResult> ListAsync(
        ISourceStore sources,
        IWebSubSubscriptionStore webSub,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var all = await sources.ListAsync(cancellationToken);
        // One read of every subscription, not one per source.
        var subscriptions = (await webSub.ListAsync(cancellationToken)).ToDictionary(s => s.SourceId, StringComparer.Ordinal);
        return Results.Ok(new JsonArray([.. all.Select(s => WithWebSub(s, subscriptions.GetValueOrDefault(s.Id), json.Value.SerializerOptions))]));
    }

    private static async Task<IResult> GetAsync(
        string id,
        ISourceStore sources,
        IWebSubSubscriptionStore webSub,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var source = await sources.GetAsync(id, cancellationToken);
        return source is null
            ? NotFound(id)
            : Results.Ok(WithWebSub(source, await webSub.GetBySourceAsync(id, cancellationToken), json.Value.SerializerOptions));
    }

    /// <summary>
    /// The source as it always serialized, plus <c>webSub</c> (null without a subscription): WebSub problems happen off the
    /// poll, so <c>crawl</c> never shows them. The secret and callback token stay out; both would let anyone forge pushes.
    /// </summary>
    private static JsonObject WithWebSub(Source source, WebSubSubscription? subscription, JsonSerializerOptions options)
    {
        var node = JsonSerializer.SerializeToNode(source, options)!.AsObject();
        node["webSub"] = subscription is null
            ? null
            : JsonSerializer.SerializeToNode(
                new WebSubView(
                    subscription.Hub,
                    subscription.Topic,
                    subscription.State,
                    subscription.LeaseExpiresAt,
                    subscription.RenewAt,
                    subscription.DeniedReason,
                    subscription.LastError,
                    subscription.LastErrorAt),
                options);
        return node;
    }

    private sealed record WebSubView(
        string Hub,
        string Topic,
        WebSubState State,
        DateTimeOffset? LeaseExpiresAt,
        DateTimeOffset? RenewAt,
        string? DeniedReason,
        string? LastError,
        DateTimeOffset? LastErrorAt);

    private static async Task<IResult> CreateAsync(
        SourceRequest request,
        ISourceStore sources,
        IOptions<ApiOptions> options,
        TimeProvider time,
        ClaimsPrincipal caller,
        IAuditLog audit,
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

        var created = await sources.GetAsync(source.Id, cancellationToken);
        await audit.RecordAsync(caller, "source.created", source.Id, null, created, cancellationToken);
        return Results.Created($"/api/sources/{source.Id}", created);
    }

    private static async Task<IResult> UpdateAsync(
        string id,
        SourceRequest request,
        ISourceStore sources,
        IOptions<ApiOptions> options,
        TimeProvider time,
        ClaimsPrincipal caller,
        IAuditLog audit,
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

        var before = await sources.GetAsync(id, cancellationToken);
        if (before is null || !await sources.UpdateDefinitionAsync(request.ToSource(id, time.GetUtcNow()), cancellationToken))
        {
            return NotFound(id);
        }

        var after = await sources.GetAsync(id, cancellationToken);
        await audit.RecordAsync(caller, "source.updated", id, before, after, cancellationToken);
        return Results.Ok(after);
    }

    private static async Task<IResult> DeleteAsync(string id, ISourceStore sources, ClaimsPrincipal caller, IAuditLog audit, CancellationToken cancellationToken)
    {
        var before = await sources.GetAsync(id, cancellationToken);
        if (before is null || !await sources.DeleteAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        await audit.RecordAsync(caller, "source.deleted", id, before, null, cancellationToken);
        return Results.NoContent();
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Source not found", detail: $"No source has id '{id}'.");
}
