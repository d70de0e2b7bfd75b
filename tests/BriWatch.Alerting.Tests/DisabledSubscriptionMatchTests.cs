using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Alerting.Tests;

/// <summary>Matches for disabled subscriptions are recorded as failed deliveries saying why, and replay once fixed.</summary>
public sealed class DisabledSubscriptionMatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscription_disabled_by_a_410_records_its_later_matches_as_failed_and_a_replay_after_fixing_the_url_delivers_them()
    {
        await using var gone = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", gone.Url, gone.Secret), Ct);
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-1", articleId: "art-1"));
        gone.Enqueue(410);
        Assert.Equal(1, await host.DispatchAsync());
        var disabledAt = host.Time.GetUtcNow();
        Assert.False((await host.Subscriptions.GetAsync("sub-1", Ct))!.Enabled);

        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-2", articleId: "art-2"));
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-3", articleId: "art-3"));

        var recorded = (await host.Deliveries.ListAsync("sub-1", null, 10, Ct)).Where(d => d.StoryId != "story-1").OrderBy(d => d.StoryId, StringComparer.Ordinal).ToList();
        Assert.Equal(["story-2", "story-3"], recorded.Select(d => d.StoryId));
        Assert.All(recorded, d =>
        {
            Assert.Equal((DeliveryState.Failed, 0, DeliveryChannels.Webhook), (d.State, d.Attempts, d.Channel));
            Assert.StartsWith("Not sent: subscription sub-1 is disabled. ", d.LastError, StringComparison.Ordinal);
            Assert.Contains($"disabled after 410 Gone at {disabledAt:yyyy-MM-dd HH:mm:ss}Z", d.LastError, StringComparison.Ordinal);
        });
        Assert.Equal(0, await host.DispatchAsync());

        // The owner points the subscription at a working endpoint and re-enables it, then replays what it missed.
        await using var fixedReceiver = await WebhookReceiver.StartAsync(gone.Secret);
        var subscription = (await host.Subscriptions.GetAsync("sub-1", Ct))!;
        Assert.True(await host.Subscriptions.UpdateAsync(
            subscription with { Enabled = true, DisabledReason = null, Webhook = subscription.Webhook! with { Url = fixedReceiver.Url, Disabled = false } }, Ct));
        foreach (var delivery in recorded)
        {
            Assert.Equal(ReplayResult.Replayed, await host.Deliveries.ReplayAsync(delivery.Id, host.Time.GetUtcNow(), Ct));
        }

        Assert.Equal(2, await host.DispatchAsync());
        var received = new[] { await fixedReceiver.NextAsync(), await fixedReceiver.NextAsync() };
        Assert.Equal(recorded.Select(d => d.Id).Order(StringComparer.Ordinal), received.Select(r => r.Id).Order(StringComparer.Ordinal));
        foreach (var delivery in recorded)
        {
            var after = await host.Deliveries.GetAsync(delivery.Id, Ct);
            Assert.Equal((DeliveryState.Delivered, fixedReceiver.Url), (after!.State, after.Target));
        }
    }

    [Fact]
    public async Task Match_for_a_subscription_paused_by_its_owner_is_recorded_as_failed_on_each_channel()
    {
        await using var host = await AlertingTestHost.StartAsync();
        var subscription = TestData.Subscription("sub-1", WebhookReceiver.UnreachableUrl(), TestData.NewSecret()) with
        {
            Enabled = false,
            Email = new("analyst@example.org"),
        };
        await host.Subscriptions.CreateAsync(subscription, Ct);

        await host.PublishAndConsumeAsync(TestData.Article());

        var recorded = await host.Deliveries.ListAsync("sub-1", null, 10, Ct);
        Assert.Equal([DeliveryChannels.Email, DeliveryChannels.Webhook], recorded.Select(d => d.Channel).Order(StringComparer.Ordinal));
        Assert.All(recorded, d => Assert.Equal(
            (DeliveryState.Failed, "Not sent: subscription sub-1 is paused (disabled by its owner). Replay this delivery once it is re-enabled."),
            (d.State, d.LastError)));
        Assert.Equal(0, await host.DispatchAsync());
    }
}
