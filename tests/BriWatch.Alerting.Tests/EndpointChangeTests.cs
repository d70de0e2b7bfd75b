using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Tests;

public sealed class EndpointChangeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pending_retry_follows_an_edited_endpoint_and_is_signed_with_its_new_secret()
    {
        await using var old = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var moved = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        var subscription = TestData.Subscription("sub-1", old.Url, old.Secret);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        old.Enqueue(503);
        await host.DispatchAsync();

        await host.Subscriptions.UpdateAsync(subscription with { Webhook = new WebhookChannel(moved.Url, moved.Secret) }, Ct);
        host.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await host.DispatchAsync());

        Assert.Single(old.Received);
        var received = Assert.Single(moved.Received);
        Assert.True(received.SignatureValid, "The new endpoint could not verify the signature with its own secret.");
        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Delivered, 2, moved.Url), (delivery.State, delivery.Attempts, delivery.Target));
    }

    [Fact]
    public async Task Gone_from_an_endpoint_replaced_mid_attempt_keeps_the_new_one_enabled_and_retries_there()
    {
        await using var old = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var moved = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        var subscription = TestData.Subscription("sub-1", old.Url, old.Secret);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        var answer = new TaskCompletionSource();
        old.EnqueueAfter(answer.Task, 410);

        var attempt = host.DispatchAsync();
        await old.NextAsync();
        await host.Subscriptions.UpdateAsync(subscription with { Name = "Edited", Webhook = new WebhookChannel(moved.Url, moved.Secret) }, Ct);
        answer.SetResult();
        await attempt;

        var stored = (await host.Subscriptions.GetAsync("sub-1", Ct))!;
        Assert.Equal((moved.Url, false, true, "Edited"), (stored.Webhook!.Url, stored.Webhook.Disabled, stored.Enabled, stored.Name));
        var retrying = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1), (retrying.State, retrying.Attempts));
        Assert.Contains("410", retrying.LastError, StringComparison.Ordinal);

        host.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await host.DispatchAsync());
        Assert.True(Assert.Single(moved.Received).SignatureValid);
        Assert.Equal(DeliveryState.Delivered, (await host.SingleDeliveryAsync("sub-1")).State);
    }

    [Fact]
    public async Task Gone_disables_the_endpoint_without_losing_a_concurrent_edit_and_a_subscription_left_without_channels_says_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        var subscription = TestData.Subscription("sub-1", receiver.Url, receiver.Secret);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        var answer = new TaskCompletionSource();
        receiver.EnqueueAfter(answer.Task, 410);

        var attempt = host.DispatchAsync();
        await receiver.NextAsync();
        // An edit that keeps the URL, made while the attempt is in flight: disabling the endpoint must not revert it.
        await host.Subscriptions.UpdateAsync(subscription with { Name = "Renamed", MinScore = 0.8 }, Ct);
        answer.SetResult();
        await attempt;

        var stored = (await host.Subscriptions.GetAsync("sub-1", Ct))!;
        Assert.Equal(("Renamed", 0.8, true), (stored.Name, stored.MinScore, stored.Webhook!.Disabled));
        Assert.False(stored.Enabled);
        Assert.Contains("410 Gone", stored.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Failed, (await host.SingleDeliveryAsync("sub-1")).State);
    }
}
