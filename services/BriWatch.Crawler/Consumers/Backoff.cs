namespace BriWatch.Crawler.Consumers;

/// <summary>When to try a failing source again: its interval doubled per consecutive failure, capped, never "never".</summary>
public static class Backoff
{
    public static TimeSpan After(TimeSpan interval, int consecutiveFailures, TimeSpan cap, TimeSpan? retryAfter = null)
    {
        if (interval <= TimeSpan.Zero)
        {
            interval = TimeSpan.FromMinutes(15);
        }

        var exponent = Math.Clamp(consecutiveFailures, 0, 20);
        var delay = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * Math.Pow(2, exponent), cap.Ticks));
        // A server's Retry-After wins when it asks for longer, still within the cap so the source is never abandoned.
        if (retryAfter is { } wait && wait > delay)
        {
            delay = wait < cap ? wait : cap;
        }

        return delay;
    }
}
