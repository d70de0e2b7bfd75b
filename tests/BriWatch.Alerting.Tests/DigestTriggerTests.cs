using System.Globalization;
using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Alerting.Tests;

/// <summary>
/// Each digest subscription's own Quartz trigger, read back from the real scheduler: armed at the subscription's next
/// local digest time, following the subscription as the API changes it, and rebuilt from the store after a restart.
/// 2026: Europe/Berlin springs forward on 29 March and falls back on 25 October; America/New_York on 8 March and 1 November.
/// </summary>
public sealed class DigestTriggerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DateTimeOffset Parse(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    private static Subscription Digest(string url, string secret, string zone, int hour, int minute = 0, SubscriptionMode mode = SubscriptionMode.DigestDaily) =>
        TestData.Subscription("sub-1", url, secret, topics: []) with { Mode = mode, TimeZone = zone, DigestTime = new TimeOnly(hour, minute) };

    private static Subscription Digest(string zone, int hour, int minute = 0, SubscriptionMode mode = SubscriptionMode.DigestDaily) =>
        Digest("https://hooks.example.org/digest", TestData.NewSecret(), zone, hour, minute, mode);

    private static async Task<AlertingTestHost> StartAtAsync(DateTimeOffset start, string? databasePath = null) =>
        await AlertingTestHost.StartAsync(new FakeTimeProvider(start), databasePath);

    private static async Task<int> FireAtAsync(AlertingTestHost host, DateTimeOffset at)
    {
        host.Time.SetUtcNow(at);
        return await host.FireDueDigestTriggersAsync();
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-28T10:00Z", "2026-03-29T06:00Z")] // spring forward: 08:00 CEST
    [InlineData("Europe/Berlin", "2026-10-24T10:00Z", "2026-10-25T07:00Z")] // fall back: 08:00 CET
    [InlineData("America/New_York", "2026-03-07T14:00Z", "2026-03-08T12:00Z")] // spring forward: 08:00 EDT
    [InlineData("America/New_York", "2026-10-31T14:00Z", "2026-11-01T13:00Z")] // fall back: 08:00 EST
    public async Task New_daily_digest_subscription_gets_a_trigger_at_eight_local_across_a_daylight_saving_change(string zone, string start, string expected)
    {
        await using var host = await StartAtAsync(Parse(start));
        await host.Subscriptions.CreateAsync(Digest(zone, 8), Ct);
        Assert.Null(await host.DigestTriggerAsync("sub-1"));

        Assert.Equal(1, await host.SyncDigestTriggersAsync());

        Assert.Equal(Parse(expected), await host.DigestTriggerAsync("sub-1"));
        Assert.Equal(0, await host.SyncDigestTriggersAsync());
    }

    [Fact]
    public async Task Each_digest_subscription_has_its_own_trigger_and_firing_one_leaves_the_others()
    {
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        await host.Subscriptions.CreateAsync(Digest("Europe/Berlin", 8), Ct);
        await host.Subscriptions.CreateAsync(Digest("Asia/Shanghai", 9) with { Id = "sub-2" }, Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-instant", "https://hooks.example.org/i", TestData.NewSecret()), Ct);

        Assert.Equal(2, await host.SyncDigestTriggersAsync());
        Assert.Equal(Utc(3, 29, 1), await host.DigestTriggerAsync("sub-2")); // 09:00 CST
        Assert.Null(await host.DigestTriggerAsync("sub-instant"));

        Assert.Equal(1, await FireAtAsync(host, Utc(3, 29, 1)));

        Assert.Equal((Utc(3, 29, 6), Utc(3, 30, 1)), (await host.DigestTriggerAsync("sub-1"), await host.DigestTriggerAsync("sub-2")));
    }

    [Theory]
    [InlineData("Europe/Berlin", 2, "2026-03-28T10:00Z", "2026-03-29T01:30Z", "2026-03-30T00:30Z")] // 02:30 is skipped: 03:30 CEST, then 02:30 CEST
    [InlineData("America/New_York", 1, "2026-10-31T12:00Z", "2026-11-01T05:30Z", "2026-11-02T06:30Z")] // 01:30 repeats: once, at 01:30 EDT
    public async Task Trigger_at_a_time_the_clocks_skip_or_repeat_fires_once_and_re_arms_for_the_next_day(string zone, int hour, string start, string first, string next)
    {
        await using var host = await StartAtAsync(Parse(start));
        await host.Subscriptions.CreateAsync(Digest(zone, hour, 30), Ct);
        await host.SyncDigestTriggersAsync();
        Assert.Equal(Parse(first), await host.DigestTriggerAsync("sub-1"));

        Assert.Equal(1, await FireAtAsync(host, Parse(first)));

        Assert.Equal(Parse(next), await host.DigestTriggerAsync("sub-1"));
    }

    [Fact]
    public async Task Hourly_trigger_gives_the_repeated_hour_of_the_fall_back_night_its_own_digest()
    {
        await using var host = await StartAtAsync(Utc(11, 1, 4, 30)); // 00:30 EDT
        await host.Subscriptions.CreateAsync(Digest("America/New_York", 8, mode: SubscriptionMode.DigestHourly), Ct);
        await host.SyncDigestTriggersAsync();

        Assert.Equal(Utc(11, 1, 5), await host.DigestTriggerAsync("sub-1")); // 01:00 EDT
        await FireAtAsync(host, Utc(11, 1, 5));
        Assert.Equal(Utc(11, 1, 6), await host.DigestTriggerAsync("sub-1")); // 01:00 EST
        await FireAtAsync(host, Utc(11, 1, 6));
        Assert.Equal(Utc(11, 1, 7), await host.DigestTriggerAsync("sub-1")); // 02:00 EST
    }

    [Fact]
    public async Task Changing_the_digest_time_zone_mode_or_day_re_arms_the_trigger_at_the_next_sync()
    {
        await using var host = await StartAtAsync(Utc(3, 28, 10)); // Saturday 11:00 CET
        var subscription = Digest("Europe/Berlin", 8);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.SyncDigestTriggersAsync();
        Assert.Equal(Utc(3, 29, 6), await host.DigestTriggerAsync("sub-1"));

        foreach (var (changed, expected) in new[]
        {
            (subscription with { DigestTime = new TimeOnly(18, 0) }, Utc(3, 28, 17)), // 18:00 CET today
            (subscription with { DigestTime = new TimeOnly(18, 0), TimeZone = "America/New_York" }, Utc(3, 28, 22)), // 18:00 EDT
            (subscription with { DigestTime = new TimeOnly(18, 0), TimeZone = "America/New_York", Mode = SubscriptionMode.DigestWeekly }, Utc(3, 30, 22)), // Monday
            (subscription with { DigestTime = new TimeOnly(18, 0), TimeZone = "America/New_York", Mode = SubscriptionMode.DigestWeekly, DigestDay = DayOfWeek.Wednesday }, Utc(4, 1, 22)),
            (subscription with { Mode = SubscriptionMode.DigestHourly }, Utc(3, 28, 11)),
        })
        {
            Assert.True(await host.Subscriptions.UpdateAsync(changed, Ct));

            Assert.Equal(1, await host.SyncDigestTriggersAsync());
            Assert.Equal(expected, await host.DigestTriggerAsync("sub-1"));
        }
    }

    [Theory]
    [InlineData("deleted")]
    [InlineData("disabled")]
    [InlineData("instant")]
    public async Task Trigger_of_a_subscription_deleted_disabled_or_switched_to_instant_is_removed(string change)
    {
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        var subscription = Digest("Europe/Berlin", 8);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.SyncDigestTriggersAsync();
        Assert.NotNull(await host.DigestTriggerAsync("sub-1"));

        _ = change switch
        {
            "deleted" => await host.Subscriptions.DeleteAsync("sub-1", Ct),
            "disabled" => await host.Subscriptions.UpdateAsync(subscription with { Enabled = false }, Ct),
            _ => await host.Subscriptions.UpdateAsync(subscription with { Mode = SubscriptionMode.Instant }, Ct),
        };
        Assert.Equal(1, await host.SyncDigestTriggersAsync());

        Assert.Null(await host.DigestTriggerAsync("sub-1"));
    }

    [Fact]
    public async Task Held_items_of_a_disabled_subscription_keep_its_trigger_until_their_time_and_are_then_recorded_as_a_failed_digest()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        var subscription = Digest(receiver.Url, receiver.Secret, "Europe/Berlin", 8);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        await host.Subscriptions.UpdateAsync(subscription with { Enabled = false }, Ct);

        Assert.Equal(0, await host.SyncDigestTriggersAsync());
        Assert.Equal(1, await FireAtAsync(host, Utc(3, 29, 6)));

        Assert.Null(await host.DigestTriggerAsync("sub-1"));
        // Not sent, but not silently dropped either: a failed digest delivery says why and can be replayed once re-enabled.
        var recorded = Assert.Single(await host.Deliveries.ListAsync("sub-1", null, 10, Ct));
        Assert.Equal((DeliveryState.Failed, "digest"), (recorded.State, recorded.ArticleId));
        Assert.Contains("disabled when this digest was due", recorded.LastError, StringComparison.Ordinal);
        Assert.Contains("art-1", recorded.Payload, StringComparison.Ordinal);
        Assert.Equal(0, await host.DispatchAsync());
        Assert.Empty(receiver.Received);
        Assert.Null(await host.Services.GetRequiredService<IDigestItemStore>().NextDueAsync("sub-1", Ct));

        await host.Subscriptions.UpdateAsync(subscription, Ct);
        Assert.Equal(ReplayResult.Replayed, await host.Deliveries.ReplayAsync(recorded.Id, host.Time.GetUtcNow(), Ct));
        Assert.Equal(1, await host.DispatchAsync());
        Assert.Contains("art-1", Assert.Single(receiver.Received).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_items_of_a_subscription_switched_to_instant_go_out_at_their_time_as_a_last_digest()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        var subscription = Digest(receiver.Url, receiver.Secret, "Europe/Berlin", 8);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        await host.Subscriptions.UpdateAsync(subscription with { Mode = SubscriptionMode.Instant }, Ct);
        await host.SyncDigestTriggersAsync();

        Assert.Equal(Utc(3, 29, 6), await host.DigestTriggerAsync("sub-1"));
        Assert.Equal(1, await FireAtAsync(host, Utc(3, 29, 6)));

        using var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("instant", body.RootElement.GetProperty("period").GetProperty("mode").GetString());
        Assert.Null(await host.DigestTriggerAsync("sub-1"));
    }

    [Fact]
    public async Task Holding_a_match_arms_the_trigger_of_a_subscription_created_since_the_last_sync()
    {
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        await host.Subscriptions.CreateAsync(Digest("America/New_York", 8), Ct);

        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(Utc(3, 28, 12), await host.DigestTriggerAsync("sub-1")); // 08:00 EDT today
    }

    [Fact]
    public async Task After_a_restart_a_digest_whose_time_passed_while_alerting_was_down_goes_out_on_the_first_fire()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "briwatch.db");
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using (var before = await StartAtAsync(Utc(3, 28, 10), database))
        {
            await before.Subscriptions.CreateAsync(Digest(receiver.Url, receiver.Secret, "Europe/Berlin", 8), Ct);
            await before.PublishAndConsumeAsync(TestData.Article());
        }

        // Down over 08:00 CEST on the 29th; back at 11:00 CEST.
        await using var after = await StartAtAsync(Utc(3, 29, 9), database);
        Assert.Null(await after.DigestTriggerAsync("sub-1"));
        await after.SyncDigestTriggersAsync();

        Assert.Equal(Utc(3, 29, 6), await after.DigestTriggerAsync("sub-1")); // in the past: Quartz fires it at once
        Assert.Equal(1, await after.FireDueDigestTriggersAsync());

        using var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("2026-03-29T08:00:00+02:00", body.RootElement.GetProperty("period").GetProperty("end").GetString());
        Assert.Equal(Utc(3, 30, 6), await after.DigestTriggerAsync("sub-1"));
    }

    [Fact]
    public async Task Two_instances_firing_for_the_same_digest_create_one_set_of_deliveries_and_send_it_once()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "briwatch.db");
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var first = await StartAtAsync(Utc(3, 28, 10), database);
        await using var second = await StartAtAsync(Utc(3, 28, 10), database);
        await first.Subscriptions.CreateAsync(Digest(receiver.Url, receiver.Secret, "Europe/Berlin", 8), Ct);
        await first.PublishAndConsumeAsync(TestData.Article("story-1", articleId: "art-1"));
        await first.PublishAndConsumeAsync(TestData.Article("story-2", articleId: "art-2"));
        await second.SyncDigestTriggersAsync();
        Assert.Equal(await first.DigestTriggerAsync("sub-1"), await second.DigestTriggerAsync("sub-1"));

        var fired = await Task.WhenAll(FireAtAsync(first, Utc(3, 29, 6)), FireAtAsync(second, Utc(3, 29, 6)));

        Assert.Equal([1, 1], fired);
        var delivery = await first.SingleDeliveryAsync("sub-1");
        var received = Assert.Single(receiver.Received);
        Assert.Equal(delivery.Id, received.Id);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(2, body.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void Trigger_sync_interval_must_be_positive()
    {
        var errors = new AlertingOptions { DigestTriggerSyncInterval = TimeSpan.Zero }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Alerting:DigestTriggerSyncInterval must be positive", StringComparison.Ordinal));
    }
}
