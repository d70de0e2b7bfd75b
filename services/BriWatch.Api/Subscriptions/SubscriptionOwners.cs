using System.Security.Claims;
using BriWatch.Api.Security;

namespace BriWatch.Api.Subscriptions;

/// <summary>Whose subscription a request makes: a subscriber's are always their own; an admin may name any owner.</summary>
internal static class SubscriptionOwners
{
    /// <summary>The request with its owner filled in (the caller when omitted); a 400 when a subscriber names someone else.</summary>
    public static SubscriptionRequest Resolve(SubscriptionRequest request, ClaimsPrincipal caller, out IResult? problem)
    {
        problem = null;
        var self = caller.OwnerId();
        if (string.IsNullOrWhiteSpace(request.Owner))
        {
            return request with { Owner = self };
        }

        if (!caller.IsAdmin() && !string.Equals(request.Owner.Trim(), self, StringComparison.Ordinal))
        {
            var validation = new Validation();
            validation.Add("owner", $"A subscriber's subscriptions are their own: omit owner or give '{self}'.");
            problem = validation.Problem();
        }

        return request;
    }
}
