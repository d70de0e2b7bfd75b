using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace BriWatch.Api.Security;

/// <summary>A valid OIDC token is only a claim to be someone: it must name a BriWatch user who is not disabled.</summary>
internal static class OidcUsers
{
    public static async Task MapAsync(TokenValidatedContext context, string ownerClaim)
    {
        var owner = context.Principal?.FindFirst(ownerClaim)?.Value?.ToLowerInvariant();
        var user = OwnerIds.IsValid(owner)
            ? await context.HttpContext.RequestServices.GetRequiredService<IUserStore>().GetAsync(owner!, context.HttpContext.RequestAborted)
            : null;
        if (user is not { Disabled: false })
        {
            context.Fail($"The token's '{ownerClaim}' claim names no enabled BriWatch user.");
            return;
        }

        context.Principal = SessionPrincipal.FromUser(user, SecurityServiceExtensions.OidcScheme);
    }
}
