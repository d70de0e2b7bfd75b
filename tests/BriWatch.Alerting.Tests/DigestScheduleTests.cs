using BriWatch.Alerting.Digests;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Tests;

/// <summary>
/// Digest times across daylight-saving changes. 2026: Europe/Berlin springs forward on 29 March (02:00 → 03:00) and
/// falls back on 25 October (03:00 → 02:00); America/New_York springs forward on 8 March and falls back on 1 November.
/// </summary>
public sealed class DigestScheduleTests
{
    private static Subscription Digest(SubscriptionMode mode, string zone, int hour = 8, int minute = 0, DayOfWeek day = DayOfWeek.Monday) => new()
    {
        Id = "sub-1",
        Owner = "owner-1",
        Name = "digest",
        Mode = mode,
        TimeZone = zone,
        DigestTime = new TimeOnly(hour, minute),
        DigestDay = day,
    };

    private static DateTimeOffset Utc(string value) => DateTimeOffset.Parse(value + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-27T12:00", "2026-03-28T07:00")] // 08:00 CET
    [InlineData("Europe/Berlin", "2026-03-28T07:00", "2026-03-29T06:00")] // 08:00 CEST, the day clocks go forward
    [InlineData("Europe/Berlin", "2026-10-24T06:00", "2026-10-25T07:00")] // 08:00 CET, the day clocks go back
    [InlineData("America/New_York", "2026-03-07T13:00", "2026-03-08T12:00")] // 08:00 EDT
    [InlineData("America/New_York", "2026-10-31T12:00", "2026-11-01T13:00")] // 08:00 EST
    [InlineData("America/Sao_Paulo", "2026-03-07T11:00", "2026-03-08T11:00")] // no daylight saving: 08:00 is always 11:00Z
    public void Daily_digest_keeps_its_local_time_across_daylight_saving_changes(string zone, string after, string expected)
    {
        Assert.Equal(Utc(expected), DigestSchedule.Next(Digest(SubscriptionMode.DigestDaily, zone), Utc(after)));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-28T01:30", "2026-03-29T01:30")] // 02:30 does not exist: 03:30 CEST
    [InlineData("Europe/Berlin", "2026-03-29T01:30", "2026-03-30T00:30")] // and the day after it is 02:30 CEST again
    [InlineData("America/New_York", "2026-03-07T07:30", "2026-03-08T07:30")] // 02:30 does not exist: 03:30 EDT
    public void Daily_digest_at_a_time_skipped_by_spring_forward_goes_out_the_gap_later(string zone, string after, string expected)
    {
        Assert.Equal(Utc(expected), DigestSchedule.Next(Digest(SubscriptionMode.DigestDaily, zone, 2, 30), Utc(after)));
    }

    [Theory]
    [InlineData("Europe/Berlin", 2, 30, "2026-10-24T12:00", "2026-10-25T00:30", "2026-10-26T01:30")]
    [InlineData("America/New_York", 1, 30, "2026-10-31T12:00", "2026-11-01T05:30", "2026-11-02T06:30")]
    public void Daily_digest_at_a_time_repeated_by_fall_back_goes_out_once_at_its_first_occurrence(string zone, int hour, int minute, string after, string first, string then)
    {
        var subscription = Digest(SubscriptionMode.DigestDaily, zone, hour, minute);

        var sent = DigestSchedule.Next(subscription, Utc(after));

        Assert.Equal(Utc(first), sent);
        Assert.Equal(Utc(then), DigestSchedule.Next(subscription, sent));
    }

    [Fact]
    public void Weekly_digest_goes_out_on_its_day_at_local_time_across_spring_forward()
    {
        var subscription = Digest(SubscriptionMode.DigestWeekly, "Europe/Berlin", 9, 0, DayOfWeek.Monday);

        var first = DigestSchedule.Next(subscription, Utc("2026-03-20T12:00"));
        var second = DigestSchedule.Next(subscription, first);

        Assert.Equal(Utc("2026-03-23T08:00"), first); // Monday 09:00 CET
        Assert.Equal(Utc("2026-03-30T07:00"), second); // Monday 09:00 CEST
        Assert.Equal(first, DigestSchedule.Previous(subscription, second));
    }

    [Fact]
    public void Hourly_digest_goes_at_every_local_top_of_the_hour_including_both_repeated_hours_at_fall_back()
    {
        var subscription = Digest(SubscriptionMode.DigestHourly, "Europe/Berlin");
        var times = new List<DateTimeOffset>();
        var at = Utc("2026-10-24T22:10");
        for (var i = 0; i < 4; i++)
        {
            at = DigestSchedule.Next(subscription, at);
            times.Add(at);
        }

        // Local 00:00, 01:00, 02:00 CEST, 02:00 CET: one hour apart in real time.
        Assert.Equal([Utc("2026-10-24T23:00"), Utc("2026-10-25T00:00"), Utc("2026-10-25T01:00"), Utc("2026-10-25T02:00")], times);
    }

    [Fact]
    public void Hourly_digest_in_a_half_hour_zone_goes_at_its_local_top_of_the_hour()
    {
        Assert.Equal(Utc("2026-03-29T06:30"), DigestSchedule.Next(Digest(SubscriptionMode.DigestHourly, "Asia/Kolkata"), Utc("2026-03-29T05:31")));
    }

    [Fact]
    public void Hourly_digest_skips_the_hour_spring_forward_removes()
    {
        var subscription = Digest(SubscriptionMode.DigestHourly, "America/New_York");

        // 01:00 EST is 06:00Z; the next local top of the hour is 03:00 EDT, 07:00Z.
        Assert.Equal(Utc("2026-03-08T07:00"), DigestSchedule.Next(subscription, Utc("2026-03-08T06:00")));
        Assert.Equal(Utc("2026-03-08T06:00"), DigestSchedule.Previous(subscription, Utc("2026-03-08T07:00")));
    }
}
