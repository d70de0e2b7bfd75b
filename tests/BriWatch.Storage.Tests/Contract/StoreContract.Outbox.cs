using BriWatch.Storage.Outbox;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    private static readonly TimeSpan RedeliverAfter = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Outbox_event_is_due_at_once_and_claimed_once_until_its_redelivery_time()
    {
        await Stores.Outbox.EnqueueAsync(Event("e1", T0), Ct);

        var first = Assert.Single(await Stores.Outbox.ClaimDueAsync(T0, T0 + RedeliverAfter, 10, Ct));
        Assert.Empty(await Stores.Outbox.ClaimDueAsync(T0 + RedeliverAfter - TimeSpan.FromMilliseconds(1), T0 + (2 * RedeliverAfter), 10, Ct));
        var again = Assert.Single(await Stores.Outbox.ClaimDueAsync(T0 + RedeliverAfter, T0 + (2 * RedeliverAfter), 10, Ct));

        Assert.Equal(("e1", 1, T0 + RedeliverAfter), (first.Id, first.Publications, first.DueAt));
        Assert.Equal(("e1", 2, T0 + (2 * RedeliverAfter)), (again.Id, again.Publications, again.DueAt));
        Assert.Equal((Event("e1", T0).Type, Event("e1", T0).Payload, T0), (again.Type, again.Payload, again.CreatedAt));
    }

    [Fact]
    public async Task Outbox_event_keeps_the_trace_context_it_was_recorded_in()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await Stores.Outbox.EnqueueAsync(Event("traced", T0) with { TraceParent = traceParent }, Ct);
        await Stores.Outbox.EnqueueAsync(Event("untraced", T0), Ct);

        var claimed = await Stores.Outbox.ClaimDueAsync(T0, T0 + RedeliverAfter, 10, Ct);

        Assert.Equal(traceParent, Assert.Single(claimed, m => m.Id == "traced").TraceParent);
        Assert.Null(Assert.Single(claimed, m => m.Id == "untraced").TraceParent);
    }

    [Fact]
    public async Task Outbox_event_recorded_again_while_pending_keeps_the_first_and_its_claim()
    {
        await Stores.Outbox.EnqueueAsync(Event("e1", T0), Ct);
        await Stores.Outbox.ClaimDueAsync(T0, T0 + RedeliverAfter, 10, Ct);

        await Stores.Outbox.EnqueueAsync(Event("e1", T0.AddSeconds(5)) with { Payload = """{"second":true}""" }, Ct);

        Assert.Empty(await Stores.Outbox.ClaimDueAsync(T0.AddSeconds(5), T0 + RedeliverAfter, 10, Ct));
        var kept = Assert.Single(await Stores.Outbox.ClaimDueAsync(T0 + RedeliverAfter, T0 + (2 * RedeliverAfter), 10, Ct));
        Assert.Equal((Event("e1", T0).Payload, T0), (kept.Payload, kept.CreatedAt));
    }

    [Fact]
    public async Task Outbox_event_completed_is_never_claimed_again_and_completing_twice_is_harmless()
    {
        await Stores.Outbox.EnqueueAsync(Event("e1", T0), Ct);
        await Stores.Outbox.ClaimDueAsync(T0, T0 + RedeliverAfter, 10, Ct);

        Assert.True(await Stores.Outbox.CompleteAsync("e1", Ct));
        Assert.False(await Stores.Outbox.CompleteAsync("e1", Ct));

        Assert.Empty(await Stores.Outbox.ClaimDueAsync(T0.AddDays(1), T0.AddDays(2), 10, Ct));
        Assert.Equal(new OutboxBacklog(0, null), await Stores.Outbox.GetBacklogAsync(Ct));
    }

    [Fact]
    public async Task Outbox_completed_before_it_was_ever_claimed_is_not_published()
    {
        await Stores.Outbox.EnqueueAsync(Event("e1", T0), Ct);

        Assert.True(await Stores.Outbox.CompleteAsync("e1", Ct));

        Assert.Empty(await Stores.Outbox.ClaimDueAsync(T0, T0 + RedeliverAfter, 10, Ct));
    }

    [Fact]
    public async Task Outbox_claims_the_earliest_due_first_and_at_most_the_batch()
    {
        await Stores.Outbox.EnqueueAsync(Event("late", T0.AddSeconds(3)), Ct);
        await Stores.Outbox.EnqueueAsync(Event("early", T0.AddSeconds(1)), Ct);
        await Stores.Outbox.EnqueueAsync(Event("middle", T0.AddSeconds(2)), Ct);
        await Stores.Outbox.EnqueueAsync(Event("future", T0.AddHours(1)), Ct);

        var first = await Stores.Outbox.ClaimDueAsync(T0.AddSeconds(10), T0 + RedeliverAfter, 2, Ct);
        var rest = await Stores.Outbox.ClaimDueAsync(T0.AddSeconds(10), T0 + RedeliverAfter, 2, Ct);

        Assert.Equal(["early", "middle"], first.Select(m => m.Id));
        Assert.Equal(["late"], rest.Select(m => m.Id));
    }

    [Fact]
    public async Task Outbox_concurrent_claims_never_hand_out_the_same_event_twice()
    {
        for (var i = 0; i < 40; i++)
        {
            await Stores.Outbox.EnqueueAsync(Event($"e{i:00}", T0), Ct);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Stores.Outbox.ClaimDueAsync(T0, T0 + RedeliverAfter, 7, Ct), Ct)));

        var ids = claims.SelectMany(c => c).Select(m => m.Id).ToList();
        Assert.Equal(40, ids.Count);
        Assert.Equal(40, ids.Distinct().Count());
    }

    [Fact]
    public async Task Outbox_backlog_counts_pending_events_and_names_the_oldest()
    {
        Assert.Equal(new OutboxBacklog(0, null), await Stores.Outbox.GetBacklogAsync(Ct));
        await Stores.Outbox.EnqueueAsync(Event("new", T0.AddMinutes(5)), Ct);
        await Stores.Outbox.EnqueueAsync(Event("old", T0), Ct);
        await Stores.Outbox.ClaimDueAsync(T0.AddMinutes(5), T0.AddMinutes(7), 10, Ct);

        Assert.Equal(new OutboxBacklog(2, T0), await Stores.Outbox.GetBacklogAsync(Ct));
    }

    [Fact]
    public async Task Outbox_rejects_a_nonpositive_batch_and_blank_ids()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Outbox.ClaimDueAsync(T0, T0, 0, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Outbox.CompleteAsync(" ", Ct));
        Assert.Throws<ArgumentException>(() => OutboxMessage.New(" ", "t", "{}", T0));
    }

    private static OutboxMessage Event(string id, DateTimeOffset at) =>
        OutboxMessage.New(id, "BriWatch.Contracts.ArticleDiscovered, BriWatch.Contracts", $$"""{"articleId":"{{id}}"}""", at);
}
