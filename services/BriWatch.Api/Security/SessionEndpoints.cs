using System.Security.Claims;
using BriWatch.Api.Security.Limits;
using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace BriWatch.Api.Security;

/// <summary>The dashboard's sign-in: a key exchanged for an HttpOnly session cookie, and the caller's identity with an antiforgery token.</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/session").WithTags("Session");
        group.MapPost("/", SignInAsync).AllowAnonymous().WithName("SignIn").WithRequestBodyLimit(4 * 1024)
            .WithSummary("Opens a dashboard session with an API key: an HttpOnly, SameSite=Strict cookie.");
        group.MapGet("/", WhoAmI).RequireAuthorization(ApiPolicies.Account).WithName("GetSession")
            .WithSummary("The signed-in caller, and the antiforgery token state-changing requests made with the session cookie must send.");
        group.MapDelete("/", (Delegate)SignOutAsync).RequireAuthorization(ApiPolicies.Account).WithName("SignOut");
        return api;
    }

    private static async Task<IResult> SignInAsync(SignInRequest request, HttpContext context, ApiKeyAuthenticator authenticator, CancellationToken cancellationToken)
    {
        var result = await authenticator.AuthenticateAsync(request.ApiKey, cancellationToken);
        if (!result.Succeeded)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: "The API key is not valid.");
        }

        var principal = SessionPrincipal.FromKey(IdentityClaims.CreatePrincipal(result.User!, result.Key!, ApiKeyAuthenticationHandler.SchemeName));
        await context.SignInAsync(SecurityServiceExtensions.SessionScheme, principal);
        return Results.Ok(SessionResponse.From(principal, antiforgeryToken: null));
    }

    private static IResult WhoAmI(HttpContext context, IAntiforgery antiforgery)
    {
        var token = context.User.Identity?.AuthenticationType == SecurityServiceExtensions.SessionScheme
            ? antiforgery.GetAndStoreTokens(context).RequestToken
            : null;
        return Results.Ok(SessionResponse.From(context.User, token));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(SecurityServiceExtensions.SessionScheme);
        return Results.NoContent();
    }

    internal sealed record SignInRequest(string? ApiKey);

    /// <param name="AntiforgeryToken">For session callers only: send it as X-XSRF-TOKEN on POST, PUT and DELETE.</param>
    internal sealed record SessionResponse(string OwnerId, string DisplayName, string Role, IReadOnlyList<string> Scopes, string? AntiforgeryToken)
    {
        public static SessionResponse From(ClaimsPrincipal caller, string? antiforgeryToken) => new(
            caller.OwnerId(),
            caller.FindFirstValue(ClaimTypes.Name) ?? caller.OwnerId(),
            caller.FindFirstValue(ClaimTypes.Role) ?? IdentityClaims.SubscriberRole,
            [.. caller.FindAll(IdentityClaims.Scope).Select(c => c.Value)],
            antiforgeryToken);
    }
}
