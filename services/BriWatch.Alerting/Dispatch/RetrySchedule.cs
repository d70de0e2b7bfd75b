namespace BriWatch.Alerting.Dispatch;

/// <summary>
/// When to try a failed delivery again: the Svix-style schedule spanning about two days, each delay
/// jittered by ±10% so endpoints recovering from an outage are not hit by every delivery at once.
/// </summary>
public sealed class RetrySchedule(Random random)
{
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(14),
    ];

    public const double Jitter = 0.1;

    /// <summary>A receiver's Retry-After is honoured up to this, so a bogus value cannot park a delivery for years.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    public RetrySchedule()
        : this(Random.Shared)
    {
    }

    /// <summary>The first attempt plus one per delay.</summary>
    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>The wait before the next attempt after <paramref name="attemptsMade"/> failures, or null when none is left.</summary>
    public TimeSpan? NextDelay(int attemptsMade, TimeSpan? retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        if (attemptsMade >= MaxAttempts)
        {
            return null;
        }

        var delay = Delays[attemptsMade - 1] * (1 + (((random.NextDouble() * 2) - 1) * Jitter));
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < MaxRetryAfter ? asked : MaxRetryAfter;
        }

        return delay;
    }
}
