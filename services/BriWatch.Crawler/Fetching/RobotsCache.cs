using System.Collections.Concurrent;
using System.Text;

namespace BriWatch.Crawler.Fetching;

/// <summary>robots.txt per origin, kept for a day (an hour when it could not be read, so a flaky server is asked again soon).</summary>
public sealed class RobotsCache(TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromHours(24);
    private static readonly TimeSpan Retry = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, (RobotsRules Rules, DateTimeOffset Until)> entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The rules for <paramref name="url"/>'s origin, fetching robots.txt with <paramref name="fetch"/> when not cached.</summary>
    public async Task<RobotsRules> GetAsync(Uri url, string agent, Func<Uri, CancellationToken, Task<FetchedDocument>> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(fetch);
        var origin = url.GetLeftPart(UriPartial.Authority);
        var now = time.GetUtcNow();
        if (entries.TryGetValue(origin, out var entry) && entry.Until > now)
        {
            return entry.Rules;
        }

        RobotsRules rules;
        TimeSpan keep;
        try
        {
            var document = await fetch(new Uri(origin + "/robots.txt"), cancellationToken);
            rules = RobotsRules.Parse(Encoding.UTF8.GetString(document.Body), agent);
            keep = Fresh;
        }
        catch (FetchException ex) when (ex.Message.StartsWith("HTTP 4", StringComparison.Ordinal))
        {
            // RFC 9309: an unavailable (4xx) robots.txt means no restrictions.
            rules = RobotsRules.AllowAll;
            keep = Fresh;
        }
        catch (FetchException)
        {
            // Unreachable or 5xx: the feed request itself will report the real problem; do not block on robots.
            rules = RobotsRules.AllowAll;
            keep = Retry;
        }

        entries[origin] = (rules, now + keep);
        return rules;
    }
}
