namespace BriWatch.Storage.Retention;

/// <summary>The argument checks every store's purge shares, and the cutoff it computes.</summary>
internal static class RetentionRules
{
    public static DateTimeOffset Cutoff(DateTimeOffset now, TimeSpan retention, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return now - retention;
    }
}
