using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Alerting.Tests;

public sealed class ReplayRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_of_a_pending_delivery_is_refused_and_leaves_its_schedule_alone()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        receiver.Enqueue(503);
        await host.DispatchAsync();
        var retrying = await host.SingleDeliveryAsync("sub-1");

        Assert.Equal(ReplayResult.StillPending, await host.Deliveries.ReplayAsync(retrying.Id, host.Time.GetUtcNow(), Ct));

        var after = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1, retrying.NextAttemptAt, retrying.LastError), (after.State, after.Attempts, after.NextAttemptAt, after.LastError));
    }

    [Fact]
    public async Task Result_of_an_attempt_that_outlived_its_claim_does_not_undo_a_later_replay()
    {
        // Two dispatchers on one database, each with its own clock: the first hangs on the receiver while the second's
        // clock passes the claim lease, so the second claims, delivers and the delivery is replayed before the first's
        // attempt ends.
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "briwatch.db");
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var slow = await AlertingTestHost.StartAsync(databasePath: path);
        var otherClock = new FakeTimeProvider(AlertingTestHost.Start);
        await using var other = await AlertingTestHost.StartAsync(time: otherClock, databasePath: path);
        await slow.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret), Ct);
        await slow.PublishAndConsumeAsync(TestData.Article());
        receiver.EnqueueHang();

        var stalled = slow.DispatchAsync();
        await receiver.NextAsync();
        otherClock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await other.DispatchAsync());
        var delivered = await other.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryState.Delivered, delivered.State);
        Assert.Equal(ReplayResult.Replayed, await other.Deliveries.ReplayAsync(delivered.Id, otherClock.GetUtcNow(), Ct));

        // The first attempt now times out; its "retry later" must not overwrite the replay.
        slow.Time.Advance(TimeSpan.FromSeconds(16));
        await stalled;

        var replayed = await other.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 0, (string?)null), (replayed.State, replayed.Attempts, replayed.LastError));
        Assert.Equal(1, await other.DispatchAsync());
        Assert.Equal(DeliveryState.Delivered, (await other.SingleDeliveryAsync("sub-1")).State);
        Assert.Equal(3, receiver.Received.Count);
        // A replay re-sends the same webhook-id on purpose: a receiver that already processed it can recognise it.
        Assert.Equal(delivered.Id, Assert.Single(receiver.Received.Select(r => r.Id).Distinct()));
    }
}
