using System.Security.Claims;
using BriWatch.Storage.Identity;

namespace BriWatch.Storage.Tests.Identity;

public sealed class IdentityClaimsTests
{
    [Fact]
    public void A_principal_carries_owner_role_scopes_and_key_prefix_and_answers_IsInRole()
    {
        var user = new User { OwnerId = "root", DisplayName = "Root", Email = "root@example.org", Role = UserRole.Admin };
        var key = new ApiKey { Prefix = "bw_0123456789", OwnerId = "root", SecretHash = new string('0', 64), Scopes = ApiKeyScopes.Read | ApiKeyScopes.Admin };

        var principal = IdentityClaims.CreatePrincipal(user, key, "ApiKey");

        Assert.True(principal.Identity!.IsAuthenticated);
        Assert.Equal("root", principal.Identity.Name);
        Assert.True(principal.IsInRole("admin"));
        Assert.False(principal.IsInRole("subscriber"));
        Assert.Equal(["read", "admin"], principal.FindAll(IdentityClaims.Scope).Select(c => c.Value));
        Assert.Equal("bw_0123456789", principal.FindFirstValue(IdentityClaims.KeyPrefix));
        Assert.Equal("root@example.org", principal.FindFirstValue(ClaimTypes.Email));
        Assert.DoesNotContain(principal.Claims, c => c.Value == key.SecretHash);
    }

    [Fact]
    public void A_subscriber_is_in_the_subscriber_role_only()
    {
        var user = new User { OwnerId = "alice", DisplayName = "Alice" };
        var key = new ApiKey { Prefix = "bw_0123456789", OwnerId = "alice", SecretHash = new string('0', 64), Scopes = ApiKeyScopes.Read };

        var principal = IdentityClaims.CreatePrincipal(user, key, "ApiKey");

        Assert.True(principal.IsInRole("subscriber"));
        Assert.False(principal.IsInRole("admin"));
        Assert.Null(principal.FindFirst(ClaimTypes.Email));
    }
}
