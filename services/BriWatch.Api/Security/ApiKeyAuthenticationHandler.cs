using System.Text.Encodings.Web;
using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Security;

/// <summary><c>Authorization: Bearer bw_…</c>: a BriWatch API key, checked against its stored hash.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var result = await authenticator.AuthenticateAsync(token, Context.RequestAborted);
        if (!result.Succeeded)
        {
            // The verdict says why (malformed, unknown, revoked, expired, owner disabled) in the log only: callers learn nothing.
            Logger.LogInformation("API key refused: {Verdict}", result.Verdict);
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        var principal = IdentityClaims.CreatePrincipal(result.User!, result.Key!, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthenticationProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthenticationProblems.WriteAsync(Context, StatusCodes.Status403Forbidden);
}
