namespace BriWatch.Storage.Audit;

/// <summary>The append-only record of changes to users, keys, subscriptions and sources.</summary>
public interface IAuditLog
{
    /// <summary>Appends the entry, stamped with a new id and the clock's now; the stored record.</summary>
    Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first (by time, then id), one page at a time: pass the answer's <see cref="AuditPage.Next"/> for the next.</summary>
    Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken);
}

/// <summary>Filters combine with AND; null means any. <see cref="TargetId"/> matches only together with <see cref="TargetType"/>.</summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    /// <summary>The <see cref="AuditPage.Next"/> of the previous page; null for the newest.</summary>
    public string? After { get; init; }
    /// <summary>1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;

    public const int MaxLimit = 500;
}

/// <param name="Next">Where the next page starts; null on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, string? Next);
