using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    private static readonly DateTimeOffset Due1 = T0.AddHours(1);
    private static readonly DateTimeOffset Due2 = T0.AddDays(1);

    private static DigestItem Item(string subscriptionId, string storyId, DateTimeOffset dueAt, DateTimeOffset? matchedAt = null) => new()
    {
        SubscriptionId = subscriptionId,
        StoryId = storyId,
        ArticleId = "article-" + storyId,
        Payload = $$"""{"type":"article.matched","storyId":"{{storyId}}"}""",
        MatchedAt = matchedAt ?? T0,
        DueAt = dueAt,
    };

    [Fact]
    public async Task Digest_item_is_held_once_per_subscription_and_story()
    {
        Assert.True(await Stores.DigestItems.TryAddAsync(Item("s1", "story-1", Due1), Ct));

        Assert.False(await Stores.DigestItems.TryAddAsync(Item("s1", "story-1", Due2), Ct));
        Assert.True(await Stores.DigestItems.TryAddAsync(Item("s2", "story-1", Due1), Ct));

        var held = Assert.Single(await Stores.DigestItems.ListWaitingAsync(new DueDigest("s1", Due1), Ct));
        Support.Same.Value(Item("s1", "story-1", Due1), held);
    }

    [Fact]
    public async Task Digest_due_list_groups_waiting_items_by_subscription_and_due_time_earliest_first()
    {
        await Stores.DigestItems.TryAddAsync(Item("s2", "a", Due1), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "b", Due1), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "c", Due1), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "d", Due2), Ct);

        Assert.Empty(await Stores.DigestItems.ListDueAsync(Due1.AddMilliseconds(-1), 10, Ct));
        Assert.Equal([new DueDigest("s1", Due1), new DueDigest("s2", Due1)], await Stores.DigestItems.ListDueAsync(Due1, 10, Ct));
        Assert.Equal([new DueDigest("s1", Due1)], await Stores.DigestItems.ListDueAsync(Due2, 1, Ct));
        Assert.Equal(3, (await Stores.DigestItems.ListDueAsync(Due2, 10, Ct)).Count);
    }

    [Fact]
    public async Task Digest_waiting_items_come_oldest_match_first_and_leave_once_marked_sent()
    {
        await Stores.DigestItems.TryAddAsync(Item("s1", "late", Due1, T0.AddMinutes(20)), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "early", Due1, T0.AddMinutes(10)), Ct);
        var digest = new DueDigest("s1", Due1);

        Assert.Equal(["early", "late"], (await Stores.DigestItems.ListWaitingAsync(digest, Ct)).Select(i => i.StoryId));
        Assert.Equal(2, await Stores.DigestItems.MarkSentAsync(digest, "dgs_1", Ct));

        Assert.Empty(await Stores.DigestItems.ListWaitingAsync(digest, Ct));
        Assert.Empty(await Stores.DigestItems.ListDueAsync(Due2, 10, Ct));
        Assert.Equal(0, await Stores.DigestItems.MarkSentAsync(digest, "dgs_1", Ct));
        Assert.False(await Stores.DigestItems.TryAddAsync(Item("s1", "early", Due2), Ct));
    }

    [Fact]
    public async Task Digest_store_refuses_items_without_a_payload_and_a_max_below_one()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.DigestItems.TryAddAsync(Item("s1", "a", Due1) with { Payload = "" }, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.DigestItems.ListDueAsync(Due1, 0, Ct));
    }

    [Fact]
    public async Task Deliveries_delivered_since_lists_only_that_subscriptions_delivered_ones_from_then_on()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("before", storyId: "s-a"), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("after", storyId: "s-b"), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("pending", storyId: "s-c"), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("other", subscriptionId: "sub-2", storyId: "s-d"), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("before", DeliveryState.Delivered, 1, T0.AddMinutes(1), T0.AddMinutes(1), null), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("after", DeliveryState.Delivered, 1, T0.AddMinutes(5), T0.AddMinutes(5), null), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("other", DeliveryState.Delivered, 1, T0.AddMinutes(5), T0.AddMinutes(5), null), Ct);

        Assert.Equal(["after"], (await Stores.Deliveries.ListDeliveredSinceAsync("sub-1", T0.AddMinutes(5), Ct)).Select(d => d.Id));
        Assert.Equal(["before", "after"], (await Stores.Deliveries.ListDeliveredSinceAsync("sub-1", T0, Ct)).Select(d => d.Id));
    }
}
