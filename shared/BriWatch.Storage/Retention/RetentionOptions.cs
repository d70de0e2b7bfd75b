namespace BriWatch.Storage.Retention;

/// <summary>
/// How long records are kept, bound from the <c>Retention</c> section. The service that owns each store purges it
/// (classifier: articles and story fingerprints; alerting: deliveries); MongoDB also expires deliveries and
/// fingerprints by TTL indexes. Pending deliveries, and articles pending work still names, are never deleted.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Articles are kept this long after their discovery.</summary>
    public TimeSpan Articles { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Delivered, failed and dead deliveries are kept this long after their creation.</summary>
    public TimeSpan Deliveries { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Story fingerprints (the near-duplicate index) are kept this long after they were recorded.</summary>
    public TimeSpan Stories { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the purge jobs run.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Records deleted per statement: short write transactions, so live writes are not held up.</summary>
    public int PurgeBatchSize { get; set; } = 1000;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Error() =>
        Articles <= TimeSpan.Zero ? "Articles must be positive"
        : Deliveries <= TimeSpan.Zero ? "Deliveries must be positive"
        : Stories <= TimeSpan.Zero ? "Stories must be positive"
        : PurgeInterval <= TimeSpan.Zero ? "PurgeInterval must be positive"
        : PurgeBatchSize is < 1 or > 100_000 ? "PurgeBatchSize must be between 1 and 100000"
        : null;
}
