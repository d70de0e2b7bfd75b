using System.Security.Claims;
using BriWatch.Api.Security;
using BriWatch.Storage.Identity;

namespace BriWatch.Api.Identity;

/// <summary>
/// API keys: every caller manages their own under <c>/api/me/keys</c>; admins manage anyone's. A key never gets a scope
/// its creator's own key lacks (403), and the whole key is shown once, in the answer that creates it.
/// </summary>
internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/me/keys").WithTags("API keys").RequireAuthorization(ApiPolicies.Account);
        mine.MapGet("/", ListMineAsync).WithName("ListMyKeys");
        mine.MapPost("/", CreateMineAsync).WithName("CreateMyKey")
            .WithSummary("A new key of the caller's, with at most the caller's own scopes; the whole key appears in this answer only.");
        mine.MapDelete("/{prefix}", RevokeMineAsync).WithName("RevokeMyKey");

        var users = api.MapGroup("/users/{ownerId}/keys").WithTags("API keys").RequireAuthorization(ApiPolicies.Admin);
        users.MapGet("/", ListForUserAsync).WithName("ListUserKeys");
        users.MapPost("/", CreateForUserAsync).WithName("CreateUserKey")
            .WithSummary("A new key for the user; the whole key appears in this answer only.");

        api.MapDelete("/keys/{prefix}", RevokeAnyAsync).WithTags("API keys").RequireAuthorization(ApiPolicies.Admin).WithName("RevokeKey");
        return api;
    }

    private static async Task<IResult> ListMineAsync(ClaimsPrincipal caller, IApiKeyStore keys, CancellationToken cancellationToken) =>
        Results.Ok((await keys.ListAsync(caller.OwnerId(), cancellationToken)).Select(KeyResponse.From).ToList());

    private static Task<IResult> CreateMineAsync(KeyRequest request, ClaimsPrincipal caller, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        CreateAsync(caller.OwnerId(), request, caller, issuer, "/api/me/keys", cancellationToken);

    private static async Task<IResult> RevokeMineAsync(string prefix, ClaimsPrincipal caller, IApiKeyStore keys, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        // Another owner's key is as absent as one that never existed.
        await keys.GetAsync(prefix, cancellationToken) is { } key && key.OwnerId == caller.OwnerId()
            ? await RevokeAsync(prefix, caller, issuer, cancellationToken)
            : NotFound(prefix);

    private static async Task<IResult> ListForUserAsync(string ownerId, IUserStore users, IApiKeyStore keys, CancellationToken cancellationToken) =>
        await users.GetAsync(ownerId, cancellationToken) is null
            ? UserEndpoints.NotFound(ownerId)
            : Results.Ok((await keys.ListAsync(ownerId, cancellationToken)).Select(KeyResponse.From).ToList());

    private static async Task<IResult> CreateForUserAsync(
        string ownerId,
        KeyRequest request,
        ClaimsPrincipal caller,
        IUserStore users,
        ApiKeyIssuer issuer,
        CancellationToken cancellationToken) =>
        await users.GetAsync(ownerId, cancellationToken) is null
            ? UserEndpoints.NotFound(ownerId)
            : await CreateAsync(ownerId, request, caller, issuer, $"/api/users/{ownerId}/keys", cancellationToken);

    private static Task<IResult> RevokeAnyAsync(string prefix, ClaimsPrincipal caller, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        RevokeAsync(prefix, caller, issuer, cancellationToken);

    /// <param name="list">Where the new key is listed (a key has no address of its own).</param>
    private static async Task<IResult> CreateAsync(
        string ownerId,
        KeyRequest request,
        ClaimsPrincipal caller,
        ApiKeyIssuer issuer,
        string list,
        CancellationToken cancellationToken)
    {
        if (!request.TryParseScopes(out var scopes, out var problem))
        {
            return problem.Problem();
        }

        var issued = await issuer.IssueAsync(
            new ApiKeyIssueRequest
            {
                Actor = caller.OwnerId(),
                OwnerId = ownerId,
                Scopes = scopes,
                ExpiresAt = request.ExpiresAt,
                CallerScopes = caller.Scopes(),
            },
            cancellationToken);
        if (issued is { Key: { } key, Stored: { } stored })
        {
            return Results.Created(list, CreatedKeyResponse.From(key, stored));
        }

        var validation = new Validation();
        switch (issued.Error)
        {
            case ApiKeyIssueError.BeyondCallerScopes:
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Scopes beyond your own", detail: Sentence(issued.Message!));
            case ApiKeyIssueError.UnknownOwner:
                return UserEndpoints.NotFound(ownerId);
            case ApiKeyIssueError.OwnerDisabled or ApiKeyIssueError.PrefixTaken:
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No key was made", detail: Sentence(issued.Message!));
            case ApiKeyIssueError.ExpiryNotInFuture:
                validation.Add("expiresAt", "expiresAt must lie in the future.");
                return validation.Problem();
            default:
                validation.Add("scopes", Sentence(issued.Message!));
                return validation.Problem();
        }
    }

    private static async Task<IResult> RevokeAsync(string prefix, ClaimsPrincipal caller, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        // Revoking twice answers the same: the key stays revoked since its first revocation.
        await issuer.RevokeAsync(caller.OwnerId(), prefix, cancellationToken) is { } revocation
            ? Results.Ok(KeyResponse.From(revocation.After))
            : NotFound(prefix);

    /// <summary>The scopes the caller's key (or session, or OIDC role) holds: the most a key they make may get.</summary>
    private static ApiKeyScopes Scopes(this ClaimsPrincipal caller) =>
        ApiKeyScopeNames.TryParse(caller.FindAll(IdentityClaims.Scope).Select(c => c.Value), out var scopes, out _) ? scopes : ApiKeyScopes.None;

    private static string Sentence(string message) => char.ToUpperInvariant(message[0]) + message[1..] + ".";

    private static IResult NotFound(string prefix) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "API key not found", detail: $"No API key has the prefix '{prefix}'.");
}
