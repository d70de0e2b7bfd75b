using BriWatch.Storage.Subscriptions;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Subscription_update_can_clear_quiet_hours_and_the_daily_cap()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);

        Assert.True(await Stores.Subscriptions.UpdateAsync(Subscription("s1") with { QuietHours = null, DailyCap = null, TimeZone = "Europe/Berlin" }, Ct));

        var stored = await Stores.Subscriptions.GetAsync("s1", Ct);
        Assert.Equal((null, null, "Europe/Berlin"), (stored!.QuietHours, stored.DailyCap, stored.TimeZone));
    }

    [Fact]
    public async Task Subscription_without_schedule_fields_gets_utc_at_eight_on_monday_and_no_quiet_hours_or_cap()
    {
        await Stores.Subscriptions.CreateAsync(new Subscription { Id = "s1", Owner = "alice", Name = "Defaults" }, Ct);

        var stored = await Stores.Subscriptions.GetAsync("s1", Ct);
        Assert.Equal(("UTC", new TimeOnly(8, 0), DayOfWeek.Monday, null, null), (stored!.TimeZone, stored.DigestTime, stored.DigestDay, stored.QuietHours, stored.DailyCap));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", null, "TimeZone")]
    [InlineData("", null, "TimeZone")]
    [InlineData("UTC", 0, "DailyCap")]
    public async Task Subscription_with_an_unknown_time_zone_or_a_cap_below_one_is_refused(string timeZone, int? cap, string field)
    {
        var bad = Subscription("s1") with { TimeZone = timeZone, DailyCap = cap };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Stores.Subscriptions.CreateAsync(bad, Ct));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Null(await Stores.Subscriptions.GetAsync("s1", Ct));
    }

    [Fact]
    public async Task Subscription_with_quiet_hours_that_start_when_they_end_is_refused()
    {
        var bad = Subscription("s1") with { QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(22, 0)) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Stores.Subscriptions.CreateAsync(bad, Ct));
        Assert.Contains("QuietHours", error.Message, StringComparison.Ordinal);
    }
}
