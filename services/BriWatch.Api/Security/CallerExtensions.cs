using System.Security.Claims;
using BriWatch.Storage.Identity;

namespace BriWatch.Api.Security;

/// <summary>What endpoints ask of the authenticated caller: who they are and whether they may see an owner's objects.</summary>
public static class CallerExtensions
{
    public static string OwnerId(this ClaimsPrincipal caller) =>
        caller.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The caller is not signed in.");

    public static bool HasScope(this ClaimsPrincipal caller, string scope) => caller.HasClaim(IdentityClaims.Scope, scope);

    /// <summary>Both the admin role and a key with the <c>admin</c> scope: an admin's read-only key is not an admin key.</summary>
    public static bool IsAdmin(this ClaimsPrincipal caller) =>
        caller.IsInRole(IdentityClaims.AdminRole) && caller.HasScope(ApiKeyScopeNames.Admin);

    /// <summary>True for the owner themself and for admins; everyone else is told the object does not exist.</summary>
    public static bool MaySee(this ClaimsPrincipal caller, string owner) => caller.IsAdmin() || caller.OwnerId() == owner;
}
