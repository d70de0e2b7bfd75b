using System.Security.Claims;
using BriWatch.Api.Security;
using BriWatch.Storage.Audit;

namespace BriWatch.Api.Identity;

/// <summary>How endpoints record a change: one call, the caller as actor, snapshots taken without secrets.</summary>
internal static class AuditTrail
{
    /// <param name="before">The object before the change; null when it is new.</param>
    /// <param name="after">The object after the change; null when it is gone.</param>
    public static Task RecordAsync(
        this IAuditLog audit,
        ClaimsPrincipal caller,
        string action,
        string targetId,
        object? before,
        object? after,
        CancellationToken cancellationToken)
    {
        // Actions read "{target type}.{verb}" (user, subscription, source); keys are recorded by ApiKeyIssuer.
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        var targetType = dot > 0 ? action[..dot] : throw new ArgumentException($"Action '{action}' is not '{{target}}.{{verb}}'.", nameof(action));
        return audit.RecordAsync(
            new AuditEntry(caller.OwnerId(), action, targetType, targetId, AuditSnapshot.Of(before), AuditSnapshot.Of(after)),
            cancellationToken);
    }
}
