using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Alerting.Tests;

/// <summary>Instant alerts held, never dropped, by quiet hours and the daily cap, in the subscriber's time zone.</summary>
public sealed class QuietHoursAndDailyCapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static async Task<AlertingTestHost> StartAtAsync(DateTimeOffset start, Dictionary<string, string?>? settings = null) =>
        await AlertingTestHost.StartAsync(new FakeTimeProvider(start), settings: settings);

    private static async Task<int> DispatchAtAsync(AlertingTestHost host, DateTimeOffset at)
    {
        host.Time.SetUtcNow(at);
        return await host.DispatchAsync();
    }

    [Fact]
    public async Task Alert_inside_quiet_hours_that_wrap_midnight_waits_until_they_end_in_the_subscribers_zone()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(11, 24, 22, 30)); // 23:30 in Berlin
        await host.Subscriptions.CreateAsync(
            TestData.Subscription("sub-1", receiver.Url, receiver.Secret) with { TimeZone = "Europe/Berlin", QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)) },
            Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(0, await host.DispatchAsync());

        var held = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 0, Utc(11, 25, 6)), (held.State, held.Attempts, held.NextAttemptAt));
        Assert.Contains("quiet hours (22:00-07:00 Europe/Berlin)", held.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await DispatchAtAsync(host, Utc(11, 25, 5, 59)));
        Assert.Empty(receiver.Received);

        Assert.Equal(1, await DispatchAtAsync(host, Utc(11, 25, 6))); // 07:00 in Berlin

        Assert.True(Assert.Single(receiver.Received).SignatureValid);
        Assert.Equal(DeliveryState.Delivered, (await host.SingleDeliveryAsync("sub-1")).State);
    }

    [Fact]
    public async Task Alert_inside_daytime_quiet_hours_waits_until_their_end_and_one_outside_goes_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(11, 24, 15, 30)); // 12:30 in Sao Paulo
        await host.Subscriptions.CreateAsync(
            TestData.Subscription("sub-1", receiver.Url, receiver.Secret) with { TimeZone = "America/Sao_Paulo", QuietHours = new QuietHours(new TimeOnly(12, 0), new TimeOnly(14, 0)) },
            Ct);
        await host.PublishAndConsumeAsync(TestData.Article("story-1"));

        Assert.Equal(0, await host.DispatchAsync());
        Assert.Equal(Utc(11, 24, 17), (await host.SingleDeliveryAsync("sub-1")).NextAttemptAt); // 14:00 local

        Assert.Equal(1, await DispatchAtAsync(host, Utc(11, 24, 17)));
        await host.PublishAndConsumeAsync(TestData.Article("story-2", articleId: "art-2"));
        Assert.Equal(1, await host.DispatchAsync());
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task Alerts_beyond_the_daily_cap_wait_for_the_next_local_day_and_count_toward_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(11, 24, 12)); // 09:00 in Sao Paulo
        await host.Subscriptions.CreateAsync(
            TestData.Subscription("sub-1", receiver.Url, receiver.Secret) with { TimeZone = "America/Sao_Paulo", DailyCap = 2 },
            Ct);
        foreach (var story in new[] { "story-1", "story-2", "story-3" })
        {
            await host.PublishAndConsumeAsync(TestData.Article(story, articleId: "art-" + story));
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(2, await host.DispatchAsync());

        var held = Assert.Single(await host.Deliveries.ListAsync("sub-1", DeliveryState.Pending, 10, Ct));
        Assert.Equal(("story-3", 0, Utc(11, 25, 3)), (held.StoryId, held.Attempts, held.NextAttemptAt)); // local midnight
        Assert.Contains("daily cap of 2", held.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await DispatchAtAsync(host, Utc(11, 25, 2, 59)));

        Assert.Equal(1, await DispatchAtAsync(host, Utc(11, 25, 3)));
        await host.PublishAndConsumeAsync(TestData.Article("story-4", articleId: "art-4"));
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.PublishAndConsumeAsync(TestData.Article("story-5", articleId: "art-5"));
        Assert.Equal(1, await host.DispatchAsync());

        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal("story-5", Assert.Single(await host.Deliveries.ListAsync("sub-1", DeliveryState.Pending, 10, Ct)).StoryId);
    }

    [Fact]
    public async Task Daily_cap_counts_an_alert_once_whatever_its_channels()
    {
        await using var maildev = await MailDevServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(11, 24, 12), TestData.Smtp(maildev.SmtpPort));
        await host.Subscriptions.CreateAsync(
            TestData.Subscription("sub-1", receiver.Url, receiver.Secret) with { Email = new EmailChannel("analyst@example.org"), DailyCap = 1 },
            Ct);
        await host.PublishAndConsumeAsync(TestData.Article("story-1"));
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.PublishAndConsumeAsync(TestData.Article("story-2", articleId: "art-2"));

        Assert.Equal(2, await host.DispatchAsync());

        var pending = await host.Deliveries.ListAsync("sub-1", DeliveryState.Pending, 10, Ct);
        Assert.Equal([("story-2", "email"), ("story-2", "webhook")], pending.Select(d => (d.StoryId, d.Channel)).Order());
        Assert.Single(receiver.Received);
        Assert.Single(await maildev.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task Daily_cap_holds_when_two_dispatchers_share_the_store_and_dispatch_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        using var database = new TempDirectory();
        var path = Path.Combine(database.Path, "briwatch.db");
        // One delivery per claim, so the two dispatchers interleave instead of one taking the whole batch.
        var oneAtATime = new Dictionary<string, string?> { ["Alerting:DispatchBatchSize"] = "1" };
        var time = new FakeTimeProvider(Utc(11, 24, 12));
        await using var first = await AlertingTestHost.StartAsync(time, path, settings: oneAtATime);
        await using var second = await AlertingTestHost.StartAsync(time, path, settings: oneAtATime);
        await first.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret) with { DailyCap = 3 }, Ct);
        for (var i = 1; i <= 8; i++)
        {
            await first.PublishAndConsumeAsync(TestData.Article($"story-{i}", articleId: $"art-{i}"));
        }

        var sent = await Task.WhenAll(Task.Run(first.DispatchAsync, Ct), Task.Run(second.DispatchAsync, Ct));

        Assert.Equal(3, sent.Sum());
        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(5, (await first.Deliveries.ListAsync("sub-1", DeliveryState.Pending, 10, Ct)).Count);
    }
}
