using BriWatch.Storage.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Storage.Tests.Outbox;

/// <summary>
/// The outbox's steps are: a stage records the event (with its state change), the relay claims it, the relay publishes
/// it, the consumer makes its durable write, the consumer completes it. Each test stops the process between two of
/// them and starts another on the same store; every event still reaches a consumer that finishes with it.
/// </summary>
public sealed class OutboxRelayTests
{
    public static TheoryData<string> Providers => new("Sqlite", "Mongo");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Events_recorded_while_no_relay_ran_are_published_and_completed_once_one_starts(string provider)
    {
        await using var store = RelayStore.Create(provider);
        var time = new FakeTimeProvider(TestData.T0);
        var ledger = new ProbeLedger();
        await store.RecordWithoutRelayAsync(time.GetUtcNow(), "a", "b", "c");

        await using var host = await RelayHost.StartAsync(store, time, ledger);
        await host.Relay.PublishDueAsync(Ct);
        await ledger.WaitForArrivalsAsync(3);

        Assert.Equal(["a", "b", "c"], ledger.Written.Keys.Order());
        Assert.Equal(0, (await host.Outbox.GetBacklogAsync(Ct)).Pending);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Event_claimed_by_a_relay_that_died_before_publishing_is_published_after_the_timeout(string provider)
    {
        await using var store = RelayStore.Create(provider);
        var time = new FakeTimeProvider(TestData.T0);
        var ledger = new ProbeLedger();
        // What a relay's pass does first, then the process dies before the publish. Done without a running relay, which
        // would claim the event itself the moment it is recorded.
        await store.WithOutboxAsync(async outbox =>
        {
            await RelayHost.RecordAsync(outbox, time.GetUtcNow(), "a");
            Assert.Single(await outbox.ClaimDueAsync(time.GetUtcNow(), time.GetUtcNow() + RelayHost.RedeliverAfter, 10, Ct));
        });

        await using var host = await RelayHost.StartAsync(store, time, ledger);
        Assert.Equal(0, await host.Relay.PublishDueAsync(Ct));
        time.Advance(RelayHost.RedeliverAfter);
        await host.Relay.PublishDueAsync(Ct);
        await ledger.WaitForArrivalsAsync(1);

        Assert.Equal(["a"], ledger.Received);
        Assert.Equal(0, (await host.Outbox.GetBacklogAsync(Ct)).Pending);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Event_published_into_a_bus_that_died_before_its_consumer_ran_is_published_again(string provider)
    {
        await using var store = RelayStore.Create(provider);
        var time = new FakeTimeProvider(TestData.T0);
        var ledger = new ProbeLedger { Step = ConsumerStep.Lose };
        await using (var dying = await RelayHost.StartAsync(store, time, ledger))
        {
            await RelayHost.RecordAsync(dying.Outbox, time.GetUtcNow(), "a");
            await dying.Relay.PublishDueAsync(Ct);
            await ledger.WaitForArrivalsAsync(1);
        }

        ledger.Step = ConsumerStep.WriteAndComplete;
        await using var host = await RelayHost.StartAsync(store, time, ledger);
        Assert.Equal(0, await host.Relay.PublishDueAsync(Ct));
        time.Advance(RelayHost.RedeliverAfter);
        await host.Relay.PublishDueAsync(Ct);
        await ledger.WaitForArrivalsAsync(1);

        Assert.Equal(["a", "a"], ledger.Received);
        Assert.Equal(["a"], ledger.Written.Keys);
        Assert.Equal(0, (await host.Outbox.GetBacklogAsync(Ct)).Pending);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Event_whose_consumer_wrote_but_died_before_completing_is_redelivered_and_the_write_stays_single(string provider)
    {
        await using var store = RelayStore.Create(provider);
        var time = new FakeTimeProvider(TestData.T0);
        var ledger = new ProbeLedger { Step = ConsumerStep.WriteOnly };
        await using (var dying = await RelayHost.StartAsync(store, time, ledger))
        {
            await RelayHost.RecordAsync(dying.Outbox, time.GetUtcNow(), "a");
            await dying.Relay.PublishDueAsync(Ct);
            await ledger.WaitForArrivalsAsync(1);
        }

        ledger.Step = ConsumerStep.WriteAndComplete;
        await using var host = await RelayHost.StartAsync(store, time, ledger);
        time.Advance(RelayHost.RedeliverAfter);
        await host.Relay.PublishDueAsync(Ct);
        await ledger.WaitForArrivalsAsync(1);

        Assert.Equal(["a", "a"], ledger.Received);
        Assert.Equal(1, Assert.Single(ledger.Written).Value);
        Assert.Equal(0, (await host.Outbox.GetBacklogAsync(Ct)).Pending);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Event_completed_before_the_process_stopped_is_never_published_again(string provider)
    {
        await using var store = RelayStore.Create(provider);
        var time = new FakeTimeProvider(TestData.T0);
        var ledger = new ProbeLedger();
        await using (var first = await RelayHost.StartAsync(store, time, ledger))
        {
            await RelayHost.RecordAsync(first.Outbox, time.GetUtcNow(), "a");
            await first.Relay.PublishDueAsync(Ct);
            await ledger.WaitForArrivalsAsync(1);
        }

        await using var host = await RelayHost.StartAsync(store, time, ledger);
        time.Advance(10 * RelayHost.RedeliverAfter);

        Assert.Equal(0, await host.Relay.PublishDueAsync(Ct));
        Assert.Equal(["a"], ledger.Received);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_slow_consumer_gets_the_event_again_after_the_timeout_and_completing_both_is_harmless(string provider)
    {
        await using var store = RelayStore.Create(provider);
        var time = new FakeTimeProvider(TestData.T0);
        var ledger = new ProbeLedger { Step = ConsumerStep.WriteOnly };
        await using var host = await RelayHost.StartAsync(store, time, ledger);
        await RelayHost.RecordAsync(host.Outbox, time.GetUtcNow(), "a");
        await host.Relay.PublishDueAsync(Ct);
        await ledger.WaitForArrivalsAsync(1);

        ledger.Step = ConsumerStep.WriteAndComplete;
        time.Advance(RelayHost.RedeliverAfter);
        await host.Relay.PublishDueAsync(Ct);
        await ledger.WaitForArrivalsAsync(1);

        Assert.Equal(1, Assert.Single(ledger.Written).Value);
        Assert.Equal(0, (await host.Outbox.GetBacklogAsync(Ct)).Pending);
        Assert.False(await host.Outbox.CompleteAsync("ProbeEvent/a", Ct));
    }
}
