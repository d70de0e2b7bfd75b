namespace BriWatch.Storage.Audit;

/// <summary>One recorded change: who did what to which object, when, and the object before and after.</summary>
public sealed record AuditRecord
{
    public required string Id { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>The acting owner id, or <see cref="AuditActors.Cli"/> for the command line.</summary>
    public required string Actor { get; init; }
    /// <summary><c>{target}.{verb}</c>, e.g. <c>user.created</c>, <c>key.revoked</c>, <c>subscription.updated</c>, <c>source.deleted</c>.</summary>
    public required string Action { get; init; }
    /// <summary>e.g. <c>user</c>, <c>api_key</c>, <c>subscription</c>, <c>source</c>.</summary>
    public required string TargetType { get; init; }
    public required string TargetId { get; init; }
    /// <summary>The object before the change as JSON, without secrets (see <see cref="AuditSnapshot"/>); null when it did not exist.</summary>
    public string? Before { get; init; }
    /// <summary>The object after the change as JSON, without secrets; null when it no longer exists.</summary>
    public string? After { get; init; }
}

/// <summary>What to record; the log stamps the id and the time.</summary>
public sealed record AuditEntry(string Actor, string Action, string TargetType, string TargetId, string? Before = null, string? After = null);

public static class AuditActors
{
    /// <summary>Changes made with the <c>briwatch</c> command line, which runs with the database's own authority.</summary>
    public const string Cli = "cli";
}
