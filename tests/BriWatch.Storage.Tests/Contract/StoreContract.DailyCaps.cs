using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    private static readonly DateOnly Day = new(2026, 3, 1);

    [Fact]
    public async Task Daily_cap_counts_alerts_until_the_cap_and_refuses_the_next()
    {
        Assert.True(await Stores.DailyCaps.TryCountAsync("s1", Day, "story-a|", 2, T0, Ct));
        Assert.True(await Stores.DailyCaps.TryCountAsync("s1", Day, "story-b|", 2, T0, Ct));

        Assert.False(await Stores.DailyCaps.TryCountAsync("s1", Day, "story-c|", 2, T0, Ct));
    }

    [Fact]
    public async Task Daily_cap_counts_an_alert_once_however_often_it_is_counted()
    {
        Assert.True(await Stores.DailyCaps.TryCountAsync("s1", Day, "story-a|", 1, T0, Ct));

        // Another channel or a retry of the same alert is the same alert: still counted, never a second place.
        Assert.True(await Stores.DailyCaps.TryCountAsync("s1", Day, "story-a|", 1, T0.AddMinutes(5), Ct));
        Assert.False(await Stores.DailyCaps.TryCountAsync("s1", Day, "story-b|", 1, T0, Ct));
    }

    [Fact]
    public async Task Daily_cap_is_counted_per_subscription_and_per_day()
    {
        Assert.True(await Stores.DailyCaps.TryCountAsync("s1", Day, "story-a|", 1, T0, Ct));

        Assert.True(await Stores.DailyCaps.TryCountAsync("s2", Day, "story-b|", 1, T0, Ct));
        Assert.True(await Stores.DailyCaps.TryCountAsync("s1", Day.AddDays(1), "story-b|", 1, T0.AddDays(1), Ct));
    }

    [Fact]
    public async Task Daily_cap_lets_exactly_the_cap_through_when_dispatchers_count_concurrently()
    {
        var counted = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => Stores.DailyCaps.TryCountAsync("s1", Day, $"story-{i}|", 5, T0, Ct), Ct)));

        Assert.Equal(5, counted.Count(c => c));
    }

    [Fact]
    public async Task Daily_cap_counts_purged_before_a_time_are_forgotten_and_later_ones_kept()
    {
        await Stores.DailyCaps.TryCountAsync("s1", Day, "story-a|", 1, T0, Ct);
        await Stores.DailyCaps.TryCountAsync("s1", Day.AddDays(1), "story-b|", 1, T0.AddDays(1), Ct);

        Assert.Equal(1, await Stores.DailyCaps.PurgeCountedBeforeAsync(T0.AddHours(1), Ct));

        Assert.True(await Stores.DailyCaps.TryCountAsync("s1", Day, "story-c|", 1, T0, Ct));
        Assert.False(await Stores.DailyCaps.TryCountAsync("s1", Day.AddDays(1), "story-d|", 1, T0.AddDays(1), Ct));
    }

    [Fact]
    public async Task Daily_cap_rejects_a_blank_key_and_a_cap_below_one()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.DailyCaps.TryCountAsync(" ", Day, "story-a|", 1, T0, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.DailyCaps.TryCountAsync("s1", Day, "", 1, T0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.DailyCaps.TryCountAsync("s1", Day, "story-a|", 0, T0, Ct));
    }
}
