using System.Security.Claims;

namespace BriWatch.Storage.Identity;

/// <summary>
/// How an authenticated key becomes a <see cref="ClaimsPrincipal"/>, so an authentication handler and the policies that
/// read its claims agree on one set of names: the owner id, the role (<c>admin</c> or <c>subscriber</c>), one
/// <c>scope</c> claim per scope, and the key's prefix.
/// </summary>
public static class IdentityClaims
{
    public const string Scope = "scope";
    public const string KeyPrefix = "briwatch:key_prefix";
    public const string AdminRole = "admin";
    public const string SubscriberRole = "subscriber";

    public static string RoleName(UserRole role) => role switch
    {
        UserRole.Admin => AdminRole,
        UserRole.Subscriber => SubscriberRole,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a user role."),
    };

    public static ClaimsPrincipal CreatePrincipal(User user, ApiKey key, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(authenticationType);
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.OwnerId),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Role, RoleName(user.Role)),
            new(KeyPrefix, key.Prefix),
            .. ApiKeyScopeNames.Format(key.Scopes).Select(s => new Claim(Scope, s)),
        ];
        if (user.Email is not null)
        {
            claims.Add(new Claim(ClaimTypes.Email, user.Email));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.NameIdentifier, ClaimTypes.Role));
    }
}
