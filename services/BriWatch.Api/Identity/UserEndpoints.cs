using System.Security.Claims;
using BriWatch.Api.Security;
using BriWatch.Storage.Audit;
using BriWatch.Storage.Identity;

namespace BriWatch.Api.Identity;

/// <summary>Admins manage users: who may hold keys, with which role, and whether they are disabled.</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(ApiPolicies.Admin);
        group.MapGet("/", ListAsync).WithName("ListUsers");
        group.MapGet("/{ownerId}", GetAsync).WithName("GetUser");
        group.MapPost("/", CreateAsync).WithName("CreateUser");
        group.MapPut("/{ownerId}", UpdateAsync).WithName("UpdateUser")
            .WithSummary("Replaces display name, email, role and disabled flag; a disabled user's keys and sessions stop working at once.");
        return api;
    }

    private static async Task<IResult> ListAsync(IUserStore users, CancellationToken cancellationToken) =>
        Results.Ok((await users.ListAsync(cancellationToken)).Select(UserResponse.From).ToList());

    private static async Task<IResult> GetAsync(string ownerId, IUserStore users, CancellationToken cancellationToken) =>
        await users.GetAsync(ownerId, cancellationToken) is { } user ? Results.Ok(UserResponse.From(user)) : NotFound(ownerId);

    private static async Task<IResult> CreateAsync(
        UserRequest request,
        ClaimsPrincipal caller,
        IUserStore users,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        var validation = request.Validate();
        if (request.OwnerId is null)
        {
            validation.Add("ownerId", "ownerId is required.");
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        if (!await users.CreateAsync(request.ToUser(request.OwnerId!), cancellationToken))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "User already exists",
                detail: $"A user with owner id '{request.OwnerId}' already exists.");
        }

        var created = (await users.GetAsync(request.OwnerId!, cancellationToken))!;
        await audit.RecordAsync(caller, "user.created", created.OwnerId, null, created, cancellationToken);
        return Results.Created($"/api/users/{created.OwnerId}", UserResponse.From(created));
    }

    private static async Task<IResult> UpdateAsync(
        string ownerId,
        UserRequest request,
        ClaimsPrincipal caller,
        IUserStore users,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        var validation = request.Validate();
        if (request.OwnerId is not null && request.OwnerId != ownerId)
        {
            validation.Add("ownerId", "ownerId in the body must match the owner id in the path.");
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var updated = request.ToUser(ownerId);
        if (ownerId == caller.OwnerId() && (updated.Role != UserRole.Admin || updated.Disabled))
        {
            // Otherwise the last admin could lock everyone out; another admin can still do it.
            validation.Add(updated.Disabled ? "disabled" : "role", "Admins cannot remove their own admin role or disable themselves; another admin can.");
            return validation.Problem();
        }

        var before = await users.GetAsync(ownerId, cancellationToken);
        if (before is null || !await users.UpdateAsync(updated, cancellationToken))
        {
            return NotFound(ownerId);
        }

        var after = (await users.GetAsync(ownerId, cancellationToken))!;
        await audit.RecordAsync(caller, "user.updated", ownerId, before, after, cancellationToken);
        return Results.Ok(UserResponse.From(after));
    }

    internal static IResult NotFound(string ownerId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"No user has owner id '{ownerId}'.");
}
