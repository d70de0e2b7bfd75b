using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Tests.Support;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Delivery_round_trips_every_field()
    {
        var delivery = Delivery("d1") with
        {
            Kind = DeliveryKind.EndpointTest,
            LastError = "HTTP 500", Attempts = 2, DeliveredAt = T0.AddSeconds(3), State = DeliveryState.Dead,
            Revision = "r1", Stage = "signed", AmountUsd = 1.25e9,
        };

        Assert.True(await Stores.Deliveries.TryCreateAsync(delivery, Ct));

        Same.Value(delivery, await Stores.Deliveries.GetAsync("d1", Ct));
    }

    [Fact]
    public async Task Pending_backlog_is_empty_without_pending_deliveries()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("done") with { State = DeliveryState.Delivered, Attempts = 1 }, Ct);

        Assert.Equal(new PendingBacklog(0, null), await Stores.Deliveries.GetPendingBacklogAsync(Ct));
    }

    [Fact]
    public async Task Pending_backlog_counts_retrying_deliveries_and_finds_the_oldest_pending_one()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("old-dead", storyId: "s0", createdAt: T0.AddMinutes(-30)) with { State = DeliveryState.Dead, Attempts = 8 }, Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("fresh", storyId: "s1", createdAt: T0.AddMinutes(5)), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("retrying", storyId: "s2", createdAt: T0.AddMinutes(1)) with { Attempts = 2 }, Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("also-retrying", storyId: "s3", createdAt: T0.AddMinutes(3)) with { Attempts = 1 }, Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("delivered", storyId: "s4", createdAt: T0.AddMinutes(-10)) with { State = DeliveryState.Delivered, Attempts = 3 }, Ct);

        Assert.Equal(new PendingBacklog(2, T0.AddMinutes(1)), await Stores.Deliveries.GetPendingBacklogAsync(Ct));
    }

    [Fact]
    public async Task Delivery_keeps_each_kind_and_is_an_alert_unless_told_otherwise()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("alert"), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("digest", storyId: "story-2") with { Kind = DeliveryKind.Digest }, Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("test", storyId: "story-3") with { Kind = DeliveryKind.EndpointTest }, Ct);

        var kinds = (await Stores.Deliveries.ListAsync(null, null, 10, Ct)).ToDictionary(d => d.Id, d => d.Kind);

        Assert.Equal(
            new Dictionary<string, DeliveryKind> { ["alert"] = DeliveryKind.Alert, ["digest"] = DeliveryKind.Digest, ["test"] = DeliveryKind.EndpointTest },
            kinds);
    }

    [Fact]
    public async Task Delivery_of_an_undefined_kind_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Deliveries.TryCreateAsync(Delivery("d1") with { Kind = (DeliveryKind)7 }, Ct));
    }

    [Fact]
    public async Task Delivery_TryCreate_is_idempotent_per_subscription_story_and_channel()
    {
        Assert.True(await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct));

        Assert.False(await Stores.Deliveries.TryCreateAsync(Delivery("d2"), Ct));
        Assert.False(await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct));
        Assert.True(await Stores.Deliveries.TryCreateAsync(Delivery("d3", channel: "email"), Ct));
        Assert.True(await Stores.Deliveries.TryCreateAsync(Delivery("d4", storyId: "story-2"), Ct));
        Assert.True(await Stores.Deliveries.TryCreateAsync(Delivery("d5", subscriptionId: "sub-2"), Ct));

        Assert.Null(await Stores.Deliveries.GetAsync("d2", Ct));
        Assert.Equal(4, (await Stores.Deliveries.ListAsync(null, null, 100, Ct)).Count);
    }

    [Fact]
    public async Task Delivery_TryCreate_accepts_one_delivery_per_revision_of_a_story()
    {
        Assert.True(await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct));

        Assert.True(await Stores.Deliveries.TryCreateAsync(Delivery("d2") with { Revision = "r1" }, Ct));
        Assert.False(await Stores.Deliveries.TryCreateAsync(Delivery("d3") with { Revision = "r1" }, Ct));
        Assert.True(await Stores.Deliveries.TryCreateAsync(Delivery("d4") with { Revision = "r2" }, Ct));

        Assert.Null(await Stores.Deliveries.GetAsync("d3", Ct));
    }

    [Fact]
    public async Task Delivery_ListForStory_returns_the_story_across_subscriptions_and_channels_oldest_first()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d3", subscriptionId: "s2", createdAt: T0.AddMinutes(2)), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("d1", subscriptionId: "s1", createdAt: T0), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("d2", subscriptionId: "s1", channel: "email", createdAt: T0), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("other", storyId: "story-2"), Ct);

        var found = await Stores.Deliveries.ListForStoryAsync("story-1", Ct);

        Assert.Equal(["d1", "d2", "d3"], found.Select(d => d.Id));
        Assert.Empty(await Stores.Deliveries.ListForStoryAsync("story-none", Ct));
    }

    [Fact]
    public async Task Delivery_TryCreate_under_concurrency_creates_exactly_one()
    {
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(() => Stores.Deliveries.TryCreateAsync(Delivery($"d{i}"), Ct), Ct));

        var created = await Task.WhenAll(attempts);

        Assert.Single(created, c => c);
    }

    [Fact]
    public async Task Delivery_list_filters_by_subscription_and_state_newest_first_up_to_the_limit()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d1", subscriptionId: "s1", storyId: "x", createdAt: T0), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("d2", subscriptionId: "s2", storyId: "x", createdAt: T0.AddMinutes(1)), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("d3", subscriptionId: "s1", storyId: "y", createdAt: T0.AddMinutes(2)), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("d4", subscriptionId: "s1", storyId: "z", createdAt: T0.AddMinutes(3)), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d3", DeliveryState.Delivered, 1, T0.AddMinutes(4), T0.AddMinutes(4), null), Ct);

        Assert.Equal(["d4", "d3", "d2", "d1"], (await Stores.Deliveries.ListAsync(null, null, 10, Ct)).Select(d => d.Id));
        Assert.Equal(["d4", "d3", "d1"], (await Stores.Deliveries.ListAsync("s1", null, 10, Ct)).Select(d => d.Id));
        Assert.Equal(["d4", "d1"], (await Stores.Deliveries.ListAsync("s1", DeliveryState.Pending, 10, Ct)).Select(d => d.Id));
        Assert.Equal(["d3"], (await Stores.Deliveries.ListAsync(null, DeliveryState.Delivered, 10, Ct)).Select(d => d.Id));
        Assert.Equal(["d4", "d3"], (await Stores.Deliveries.ListAsync(null, null, 2, Ct)).Select(d => d.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Deliveries.ListAsync(null, null, 0, Ct));
    }

    [Fact]
    public async Task Delivery_ClaimDue_takes_due_pending_deliveries_and_pushes_them_back_by_the_lease()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("due", storyId: "1") with { NextAttemptAt = T0 }, Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("later", storyId: "2") with { NextAttemptAt = T0.AddSeconds(1) }, Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("done", storyId: "3") with { NextAttemptAt = T0.AddHours(-1), State = DeliveryState.Delivered }, Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("dead", storyId: "4") with { NextAttemptAt = T0.AddHours(-1), State = DeliveryState.Dead }, Ct);

        var claimed = Assert.Single(await Stores.Deliveries.ClaimDueAsync(T0, TimeSpan.FromMinutes(1), 10, Ct));

        Assert.Equal("due", claimed.Id);
        Assert.Equal(T0.AddMinutes(1), claimed.NextAttemptAt);
        Assert.Empty(await Stores.Deliveries.ClaimDueAsync(T0, TimeSpan.FromMinutes(1), 10, Ct));
        Assert.Equal(["later"], (await Stores.Deliveries.ClaimDueAsync(T0.AddSeconds(1), TimeSpan.FromMinutes(1), 10, Ct)).Select(d => d.Id));
        Assert.Equal(["due"], (await Stores.Deliveries.ClaimDueAsync(T0.AddMinutes(1), TimeSpan.FromMinutes(1), 10, Ct)).Select(d => d.Id));
    }

    [Fact]
    public async Task Delivery_ClaimDue_hands_out_the_longest_overdue_first_up_to_max()
    {
        foreach (var (id, dueSecondsAgo) in new[] { ("d0", 5), ("d1", 50), ("d2", 20), ("d3", 40), ("d4", 10) })
        {
            await Stores.Deliveries.TryCreateAsync(Delivery(id, storyId: id) with { NextAttemptAt = T0.AddSeconds(-dueSecondsAgo) }, Ct);
        }

        Assert.Equal(["d1", "d3", "d2"], (await Stores.Deliveries.ClaimDueAsync(T0, TimeSpan.FromMinutes(1), 3, Ct)).Select(d => d.Id));
        Assert.Equal(["d4", "d0"], (await Stores.Deliveries.ClaimDueAsync(T0, TimeSpan.FromMinutes(1), 3, Ct)).Select(d => d.Id));
    }

    [Fact]
    public async Task Delivery_ClaimDue_never_hands_one_delivery_to_two_dispatchers()
    {
        var ids = Enumerable.Range(0, 60).Select(i => $"d{i:D2}").ToList();
        foreach (var id in ids)
        {
            await Stores.Deliveries.TryCreateAsync(Delivery(id, storyId: id), Ct);
        }

        var dispatchers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (true)
            {
                var batch = await Stores.Deliveries.ClaimDueAsync(T0, TimeSpan.FromMinutes(5), 4, Ct);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(b => b.Id));
            }
        }, Ct));
        var all = (await Task.WhenAll(dispatchers)).SelectMany(m => m).ToList();

        Assert.Equal(ids, all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delivery_RecordAttempt_writes_the_outcome_and_stamps_delivery_time_on_success()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct);

        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d1", DeliveryState.Pending, 1, T0, T0.AddMinutes(1), "HTTP 503"), Ct);
        var retrying = (await Stores.Deliveries.GetAsync("d1", Ct))!;
        Assert.Equal((DeliveryState.Pending, 1, T0.AddMinutes(1), "HTTP 503", (DateTimeOffset?)null), (retrying.State, retrying.Attempts, retrying.NextAttemptAt, retrying.LastError, retrying.DeliveredAt));

        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d1", DeliveryState.Delivered, 2, T0.AddMinutes(1), T0.AddMinutes(1), null), Ct);
        var delivered = (await Stores.Deliveries.GetAsync("d1", Ct))!;
        Assert.Equal((DeliveryState.Delivered, 2, (string?)null, (DateTimeOffset?)T0.AddMinutes(1)), (delivered.State, delivered.Attempts, delivered.LastError, delivered.DeliveredAt));
        Assert.Empty(await Stores.Deliveries.ClaimDueAsync(T0.AddDays(1), TimeSpan.FromMinutes(1), 10, Ct));
    }

    [Fact]
    public async Task Delivery_RecordAttempt_for_an_unknown_delivery_throws()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("ghost", DeliveryState.Failed, 1, T0, T0, "x"), Ct));
    }

    [Fact]
    public async Task Delivery_Replay_makes_it_pending_and_due_with_attempts_reset()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d1", DeliveryState.Dead, 8, T0, T0, "HTTP 500"), Ct);

        Assert.Equal(ReplayResult.Replayed, await Stores.Deliveries.ReplayAsync("d1", T0.AddHours(2), Ct));

        var replayed = (await Stores.Deliveries.GetAsync("d1", Ct))!;
        Assert.Equal((DeliveryState.Pending, 0, T0.AddHours(2)), (replayed.State, replayed.Attempts, replayed.NextAttemptAt));
        Assert.Equal(["d1"], (await Stores.Deliveries.ClaimDueAsync(T0.AddHours(2), TimeSpan.FromMinutes(1), 10, Ct)).Select(d => d.Id));
        Assert.Equal(Delivery("d1").Payload, replayed.Payload);
    }

    [Fact]
    public async Task Delivery_Replay_reports_an_absent_delivery()
    {
        Assert.Equal(ReplayResult.NotFound, await Stores.Deliveries.ReplayAsync("ghost", T0, Ct));
    }

    [Fact]
    public async Task Delivery_Replay_of_a_pending_delivery_is_refused_and_changes_nothing()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d1", DeliveryState.Pending, 3, T0, T0.AddMinutes(30), "HTTP 503"), Ct);

        Assert.Equal(ReplayResult.StillPending, await Stores.Deliveries.ReplayAsync("d1", T0.AddMinutes(1), Ct));

        var unchanged = (await Stores.Deliveries.GetAsync("d1", Ct))!;
        Assert.Equal((DeliveryState.Pending, 3, T0.AddMinutes(30), "HTTP 503"), (unchanged.State, unchanged.Attempts, unchanged.NextAttemptAt, unchanged.LastError));
    }

    [Fact]
    public async Task Delivery_claims_carry_a_new_token_each_time()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct);

        var first = Assert.Single(await Stores.Deliveries.ClaimDueAsync(T0, TimeSpan.FromMinutes(1), 10, Ct));
        var second = Assert.Single(await Stores.Deliveries.ClaimDueAsync(T0.AddMinutes(1), TimeSpan.FromMinutes(1), 10, Ct));

        Assert.NotNull(first.ClaimToken);
        Assert.NotNull(second.ClaimToken);
        Assert.NotEqual(first.ClaimToken, second.ClaimToken);
        Assert.Equal(second.ClaimToken, (await Stores.Deliveries.GetAsync("d1", Ct))!.ClaimToken);
    }

    [Fact]
    public async Task Delivery_attempt_under_an_expired_claim_is_ignored_once_the_delivery_is_claimed_again()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct);
        var stale = Assert.Single(await Stores.Deliveries.ClaimDueAsync(T0, TimeSpan.FromMinutes(1), 10, Ct));
        var current = Assert.Single(await Stores.Deliveries.ClaimDueAsync(T0.AddMinutes(1), TimeSpan.FromMinutes(1), 10, Ct));

        Assert.True(await Stores.Deliveries.RecordAttemptAsync(
            new DeliveryAttempt("d1", DeliveryState.Delivered, 1, T0.AddMinutes(1), T0.AddMinutes(1), null, current.ClaimToken), Ct));
        Assert.False(await Stores.Deliveries.RecordAttemptAsync(
            new DeliveryAttempt("d1", DeliveryState.Dead, 8, T0.AddMinutes(2), T0.AddMinutes(2), "timeout", stale.ClaimToken), Ct));

        var stored = (await Stores.Deliveries.GetAsync("d1", Ct))!;
        Assert.Equal((DeliveryState.Delivered, 1, (string?)null), (stored.State, stored.Attempts, stored.LastError));
    }

    [Fact]
    public async Task Delivery_attempt_that_a_replay_overtook_does_not_overwrite_the_replay()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct);
        var first = Assert.Single(await Stores.Deliveries.ClaimDueAsync(T0, TimeSpan.FromMinutes(1), 10, Ct));
        Assert.True(await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d1", DeliveryState.Failed, 1, T0, T0, "HTTP 400", first.ClaimToken), Ct));
        Assert.Equal(ReplayResult.Replayed, await Stores.Deliveries.ReplayAsync("d1", T0.AddMinutes(5), Ct));

        // The failed attempt's result arriving again (a duplicate write under the old claim) must not undo the replay.
        Assert.False(await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d1", DeliveryState.Failed, 1, T0, T0, "HTTP 400", first.ClaimToken), Ct));

        var replayed = (await Stores.Deliveries.GetAsync("d1", Ct))!;
        Assert.Equal((DeliveryState.Pending, 0, (string?)null, (string?)null), (replayed.State, replayed.Attempts, replayed.LastError, replayed.ClaimToken));
        Assert.Equal(["d1"], (await Stores.Deliveries.ClaimDueAsync(T0.AddMinutes(5), TimeSpan.FromMinutes(1), 10, Ct)).Select(d => d.Id));
    }

    [Fact]
    public async Task Delivery_attempt_under_a_claim_of_an_unknown_delivery_throws()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("ghost", DeliveryState.Failed, 1, T0, T0, "x", "tok"), Ct));
    }

    [Fact]
    public async Task Delivery_attempt_can_move_the_target()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d1"), Ct);

        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d1", DeliveryState.Pending, 1, T0, T0.AddMinutes(1), "HTTP 503", Target: "https://new.example/hook"), Ct);
        Assert.Equal("https://new.example/hook", (await Stores.Deliveries.GetAsync("d1", Ct))!.Target);

        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d1", DeliveryState.Delivered, 2, T0, T0, null), Ct);
        Assert.Equal("https://new.example/hook", (await Stores.Deliveries.GetAsync("d1", Ct))!.Target);
    }
}
