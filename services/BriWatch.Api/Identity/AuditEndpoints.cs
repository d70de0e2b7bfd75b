using System.Text.Json.Nodes;
using BriWatch.Api.Security;
using BriWatch.Storage.Audit;

namespace BriWatch.Api.Identity;

/// <summary><c>GET /api/audit</c>: who changed which user, key, subscription or source, newest first, for admins.</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithTags("Audit").RequireAuthorization(ApiPolicies.Admin).WithName("ListAudit")
            .WithSummary("Recorded changes, newest first; pass the answer's 'next' as 'after' for the next page.");
        return api;
    }

    private static async Task<IResult> ListAsync(
        string? actor,
        string? targetType,
        string? targetId,
        string? after,
        int? limit,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (limit is < 1 or > AuditQuery.MaxLimit)
        {
            validation.Add("limit", $"limit must be between 1 and {AuditQuery.MaxLimit}.");
        }

        if (targetId is not null && targetType is null)
        {
            validation.Add("targetId", "targetId needs targetType too (user, api_key, subscription or source).");
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var query = new AuditQuery { Actor = actor, TargetType = targetType, TargetId = targetId, After = after, Limit = limit ?? 50 };
        AuditPage page;
        try
        {
            page = await audit.ListAsync(query, cancellationToken);
        }
        catch (ArgumentException e) when (e.ParamName == "cursor")
        {
            validation.Add("after", "after must be the 'next' value of a previous page.");
            return validation.Problem();
        }

        return Results.Ok(new AuditPageResponse([.. page.Items.Select(AuditRecordResponse.From)], page.Next));
    }

    internal sealed record AuditPageResponse(IReadOnlyList<AuditRecordResponse> Items, string? Next);

    /// <summary>A record with its snapshots as JSON objects rather than strings of JSON.</summary>
    internal sealed record AuditRecordResponse(
        string Id,
        DateTimeOffset At,
        string Actor,
        string Action,
        string TargetType,
        string TargetId,
        JsonNode? Before,
        JsonNode? After)
    {
        public static AuditRecordResponse From(AuditRecord record) => new(
            record.Id, record.At, record.Actor, record.Action, record.TargetType, record.TargetId, Parse(record.Before), Parse(record.After));

        private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
    }
}
