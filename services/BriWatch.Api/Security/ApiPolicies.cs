using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.Authorization;

namespace BriWatch.Api.Security;

/// <summary>
/// The authorization policies every API endpoint names explicitly (an endpoint with none fails the endpoint-policy test).
/// An admin key (admin role and <c>admin</c> scope) satisfies every policy; a subscriber's key only what its scopes grant.
/// Which objects a caller may see within a policy (their own, or everyone's for an admin) is decided per endpoint with
/// <see cref="CallerExtensions"/>, so another owner's object answers 404 rather than 403.
/// </summary>
public static class ApiPolicies
{
    /// <summary>Articles and stories: the <c>read</c> scope.</summary>
    public const string Reader = "briwatch.read";

    /// <summary>The caller's own subscriptions, deliveries and feeds: the <c>subscriptions</c> scope.</summary>
    public const string Subscriber = "briwatch.subscriptions";

    /// <summary>Any signed-in caller, whatever the key's scopes: who am I, the caller's own keys and session.</summary>
    public const string Account = "briwatch.account";

    /// <summary>Sources, users, other owners' data and system views: the admin role and the <c>admin</c> scope.</summary>
    public const string Admin = "briwatch.admin";

    internal static void Register(AuthorizationOptions options)
    {
        options.AddPolicy(Reader, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsAdmin() || c.User.HasScope(ApiKeyScopeNames.Read)));
        options.AddPolicy(Subscriber, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsAdmin() || c.User.HasScope(ApiKeyScopeNames.Subscriptions)));
        options.AddPolicy(Account, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsAdmin()));

        // Deny by default: an endpoint that names no policy and does not allow anonymous callers needs a signed-in one.
        options.FallbackPolicy = options.GetPolicy(Account);
    }
}
