using System.Security.Claims;
using BriWatch.Storage.Identity;

namespace BriWatch.Api.Security;

/// <summary>Principals that do not come straight from a key: dashboard sessions and OIDC tokens.</summary>
internal static class SessionPrincipal
{
    /// <summary>A session carries the claims of the key it was opened with, under its own authentication type.</summary>
    public static ClaimsPrincipal FromKey(ClaimsPrincipal keyPrincipal) =>
        new(new ClaimsIdentity(keyPrincipal.Claims, SecurityServiceExtensions.SessionScheme, ClaimTypes.NameIdentifier, ClaimTypes.Role));

    /// <summary>An OIDC user gets the scopes of their role: a subscriber reads and manages subscriptions, an admin everything.</summary>
    public static ClaimsPrincipal FromUser(User user, string authenticationType)
    {
        var scopes = ApiKeyScopeNames.Format(ApiKeyIssuer.DefaultScopes(user.Role));
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.OwnerId),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Role, IdentityClaims.RoleName(user.Role)),
            .. scopes.Select(s => new Claim(IdentityClaims.Scope, s)),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.NameIdentifier, ClaimTypes.Role));
    }
}
