using System.Globalization;
using BriWatch.Crawler.Feeds;
using BriWatch.Storage.Sources;

namespace BriWatch.Crawler.Scheduling;

/// <summary>
/// When to poll a source next after a successful fetch: adapted to how often it posts (within per-source bounds), and
/// never sooner than the publisher asked (Cache-Control/Expires, RSS ttl, sy:updatePeriod), never later than the cap.
/// </summary>
public static class PollPlanner
{
    /// <summary>Source option: the shortest interval adaptation may choose (hh:mm:ss); defaults to the source's interval.</summary>
    public const string MinIntervalKey = "minInterval";

    /// <summary>Source option: the longest interval adaptation may choose (hh:mm:ss); defaults to 8 × the source's interval.</summary>
    public const string MaxIntervalKey = "maxInterval";

    /// <summary>Source option: how often the source is expected to post (hh:mm:ss), for staleness; defaults to the longest interval.</summary>
    public const string ExpectedPeriodKey = "expectedPeriod";

    private const int MinimumSamples = 3;
    private const int RecentItems = 20;

    /// <param name="previousInterval">
    /// After a 304 Not Modified: the interval the previous successful poll chose. The unchanged document says nothing new
    /// about the posting period, so that adaptive interval is kept (within the source's bounds) rather than reset.
    /// </param>
    public static TimeSpan NextInterval(Source source, ParsedFeed feed, TimeSpan? serverMaxAge, TimeSpan cap, TimeSpan? previousInterval = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(feed);
        var interval = BaseInterval(source);
        var min = Option(source, MinIntervalKey) ?? interval;
        var max = Max(LongestInterval(source, cap), min);

        // Polling at half the posting period catches a new item within about half a period of its publication.
        var next = PostingPeriod(feed) is { } period ? Clamp(period / 2, min, max) : Clamp(previousInterval ?? interval, min, max);
        foreach (var hint in new[] { serverMaxAge, feed.Feed.RefreshHint })
        {
            if (hint is { } asked && asked > next)
            {
                next = Min(asked, cap);
            }
        }

        return next;
    }

    /// <summary>
    /// How often <paramref name="source"/> is expected to post: its <see cref="ExpectedPeriodKey"/> option, else the longest
    /// interval adaptation may choose. Posting cadence is not stored, and adaptation already stretches polling up to that
    /// bound for slow posters, so a source silent for twice as long has fallen outside anything the planner expects.
    /// </summary>
    public static TimeSpan ExpectedPeriod(Source source, TimeSpan cap)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Option(source, ExpectedPeriodKey) ?? LongestInterval(source, cap);
    }

    /// <summary>Median gap between the newest items' dates; null when the feed has too few dated items to tell.</summary>
    public static TimeSpan? PostingPeriod(ParsedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var dates = feed.Items
            .Select(i => i.Published ?? i.Updated)
            .OfType<DateTimeOffset>()
            .Distinct()
            .OrderDescending()
            .Take(RecentItems)
            .ToList();
        if (dates.Count < MinimumSamples)
        {
            return null;
        }

        var gaps = dates.Zip(dates.Skip(1), (newer, older) => newer - older).Order().ToList();
        return gaps[gaps.Count / 2];
    }

    private static TimeSpan BaseInterval(Source source) => source.PollInterval > TimeSpan.Zero ? source.PollInterval : TimeSpan.FromMinutes(15);

    private static TimeSpan LongestInterval(Source source, TimeSpan cap) => Option(source, MaxIntervalKey) ?? Min(BaseInterval(source) * 8, cap);

    private static TimeSpan? Option(Source source, string key) =>
        source.Options.TryGetValue(key, out var text) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : null;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
