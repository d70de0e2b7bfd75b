using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Scheduling;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Storage.Sources;

namespace BriWatch.Crawler.Tests.Scheduling;

public sealed class PollPlannerTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromHours(6);
    private static readonly DateTimeOffset Newest = new(2026, 3, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_the_configured_interval_when_the_feed_has_too_few_dated_items()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), PollPlanner.NextInterval(Source(), Feed(TimeSpan.FromDays(1), 2), null, Cap));
    }

    [Fact]
    public void Slows_down_for_a_source_that_posts_rarely_up_to_its_maximum()
    {
        var daily = Feed(TimeSpan.FromDays(1), 10);

        Assert.Equal(TimeSpan.FromHours(2), PollPlanner.NextInterval(Source(), daily, null, Cap));
        Assert.Equal(TimeSpan.FromHours(1), PollPlanner.NextInterval(Source(("maxInterval", "01:00:00")), daily, null, Cap));
    }

    [Fact]
    public void Speeds_up_only_as_far_as_the_source_minimum_allows()
    {
        var busy = Feed(TimeSpan.FromMinutes(4), 10);

        Assert.Equal(TimeSpan.FromMinutes(15), PollPlanner.NextInterval(Source(), busy, null, Cap));
        Assert.Equal(TimeSpan.FromMinutes(5), PollPlanner.NextInterval(Source(("minInterval", "00:05:00")), busy, null, Cap));
    }

    [Fact]
    public void After_a_304_keeps_the_previous_adaptive_interval_within_the_source_bounds()
    {
        var bounded = Source(("minInterval", "00:01:00"), ("maxInterval", "00:10:00"));
        var notModified = Feed(TimeSpan.FromMinutes(1), 0);

        Assert.Equal(TimeSpan.FromMinutes(1), PollPlanner.NextInterval(bounded, notModified, null, Cap, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(4), PollPlanner.NextInterval(bounded, notModified, null, Cap, TimeSpan.FromMinutes(4)));
        Assert.Equal(TimeSpan.FromMinutes(1), PollPlanner.NextInterval(bounded, notModified, null, Cap, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromMinutes(10), PollPlanner.NextInterval(bounded, notModified, null, Cap, TimeSpan.FromHours(3)));
        // Nothing to go by (the first poll was a 304, or the last one failed): the configured 15 minutes, held to the bounds.
        Assert.Equal(TimeSpan.FromMinutes(10), PollPlanner.NextInterval(bounded, notModified, null, Cap));
    }

    [Fact]
    public void Honours_server_max_age_and_feed_ttl_within_the_cap()
    {
        var feed = Feed(TimeSpan.FromMinutes(1), 1) with { Feed = new FeedInfo { RefreshHint = TimeSpan.FromHours(1) } };

        Assert.Equal(TimeSpan.FromHours(1), PollPlanner.NextInterval(Source(), feed, TimeSpan.FromMinutes(30), Cap));
        Assert.Equal(TimeSpan.FromHours(3), PollPlanner.NextInterval(Source(), feed, TimeSpan.FromHours(3), Cap));
        Assert.Equal(Cap, PollPlanner.NextInterval(Source(), feed, TimeSpan.FromDays(2), Cap));
    }

    [Fact]
    public void Reads_ttl_and_syndication_update_period_from_rss()
    {
        const string ttl = "<rss version=\"2.0\"><channel><title>t</title><ttl>90</ttl></channel></rss>";
        const string sy = """
            <rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title>
            <sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency></channel></rss>
            """;

        Assert.Equal(TimeSpan.FromMinutes(90), FeedParser.Parse(Samples.Utf8(ttl), null, null).Feed.RefreshHint);
        Assert.Equal(TimeSpan.FromHours(6), FeedParser.Parse(Samples.Utf8(sy), null, null).Feed.RefreshHint);
    }

    private static Source Source(params (string Key, string Value)[] options) => new()
    {
        Id = "s",
        Name = "s",
        Url = "https://e.org/feed",
        PollInterval = TimeSpan.FromMinutes(15),
        Options = options.ToDictionary(o => o.Key, o => o.Value),
    };

    private static ParsedFeed Feed(TimeSpan gap, int count) => new(
        "rss20",
        "utf-8",
        true,
        null,
        new FeedInfo(),
        Enumerable.Range(0, count).Select(i => new FeedItem { Title = $"i{i}", Published = Newest - gap * i }).ToList());
}
