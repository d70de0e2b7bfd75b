namespace BriWatch.Storage.Outbox;

/// <summary>Bound from the <c>Outbox</c> configuration section.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// How long a published event may stay unfinished by its consumer before the relay publishes it again (the sweep).
    /// Longer than a consumer normally takes, or events are published twice (harmless: consumers are idempotent).
    /// </summary>
    public TimeSpan RedeliverAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the relay looks for due events besides being woken by a write in its own process.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this many events are claimed per store round trip.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The first invalid setting, or null.</summary>
    public static string? Error(OutboxOptions o) =>
        o.RedeliverAfter <= TimeSpan.Zero ? "RedeliverAfter must be positive"
        : o.PollInterval <= TimeSpan.Zero ? "PollInterval must be positive"
        : o.BatchSize < 1 ? "BatchSize must be at least 1"
        : null;
}
