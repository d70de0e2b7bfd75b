using System.Collections.Concurrent;
using System.Text;

namespace BriWatch.Crawler.Fetching;

/// <summary>
/// robots.txt per origin, kept for a day. Following RFC 9309 §2.3.1: a 4xx (other than 429) means no restrictions; a 5xx,
/// a 429 or an unreachable server means the crawler must not assume it may crawl, so the last rules read are kept if
/// there are any, else everything is disallowed. Either way robots.txt is asked for again after a short retry period.
/// </summary>
public sealed class RobotsCache(TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromHours(24);
    private static readonly TimeSpan Retry = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (RobotsRules Rules, DateTimeOffset Until)> entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The rules for <paramref name="url"/>'s origin, fetching robots.txt with <paramref name="fetch"/> when not cached.</summary>
    /// <returns>Rules whose <see cref="RobotsRules.Unavailable"/> is set when robots.txt could not be read and nothing earlier is known.</returns>
    public async Task<RobotsRules> GetAsync(Uri url, string agent, Func<Uri, CancellationToken, Task<FetchedDocument>> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(fetch);
        var origin = url.GetLeftPart(UriPartial.Authority);
        var now = time.GetUtcNow();
        var known = entries.TryGetValue(origin, out var entry);
        if (known && entry.Until > now)
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
        catch (FetchException ex) when (!ex.Unreachable && ex.StatusCode is not (>= 500 or 429))
        {
            // RFC 9309 §2.3.1.3: "unavailable" (4xx, and per §2.2.2 more than five redirects, to which we add the other
            // answers that are no robots.txt: a redirect loop or to another scheme, an oversized body) means no restrictions.
            rules = RobotsRules.AllowAll;
            keep = Fresh;
        }
        catch (FetchException ex)
        {
            // §2.3.1.4 "unreachable" (5xx, 429 and network errors): assume complete disallow, but a crawler may keep using
            // the rules it read last, which is kinder to a site with a short outage.
            rules = known && entry.Rules.Unavailable is null
                ? entry.Rules
                : RobotsRules.Unreadable(ex.StatusCode is { } status ? $"HTTP {status}" : ex.Message, hostUnreachable: ex.Unreachable && ex.StatusCode is null);
            keep = ex.RetryAfter is { } retryAfter && retryAfter > Retry ? (retryAfter < Fresh ? retryAfter : Fresh) : Retry;
        }

        entries[origin] = (rules, now + keep);
        return rules;
    }
}
