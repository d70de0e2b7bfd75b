using System.Security.Cryptography;

namespace BriWatch.Storage.Audit;

/// <summary>What both audit logs do alike: stamping new records and cutting pages.</summary>
internal static class AuditRecords
{
    private static long sequence;

    public static AuditRecord From(AuditEntry entry, DateTimeOffset now) => new()
    {
        // Lists are ordered by time, then id: the process-wide sequence keeps records written within one millisecond
        // in the order they were written (a user created just before its first key lists below it); the random tail
        // keeps ids of different processes apart.
        Id = "aud_" + Interlocked.Increment(ref sequence).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)
            + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        // Milliseconds, as both stores keep them, so the record returned equals the one listed later.
        At = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
        Actor = entry.Actor,
        Action = entry.Action,
        TargetType = entry.TargetType,
        TargetId = entry.TargetId,
        Before = entry.Before,
        After = entry.After,
    };

    /// <summary>The first <paramref name="limit"/> of <paramref name="fetched"/> (fetched one more than that), and the cursor after them when more follow.</summary>
    public static AuditPage Page(IReadOnlyList<AuditRecord> fetched, int limit)
    {
        if (fetched.Count <= limit)
        {
            return new AuditPage(fetched, null);
        }

        var items = fetched.Take(limit).ToList();
        var last = items[^1];
        return new AuditPage(items, new AuditCursor(last.At.ToUnixTimeMilliseconds(), last.Id).Encode());
    }
}
