using BriWatch.Storage.Digests;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    private static readonly DateTimeOffset Due1 = T0.AddHours(1);
    private static readonly DateTimeOffset Due2 = T0.AddDays(1);

    private static DigestItem Item(string subscriptionId, string storyId, DateTimeOffset dueAt, DateTimeOffset? matchedAt = null, string revision = "") => new()
    {
        SubscriptionId = subscriptionId,
        StoryId = storyId,
        Revision = revision,
        ArticleId = "article-" + storyId,
        Payload = $$"""{"type":"article.matched","storyId":"{{storyId}}"}""",
        MatchedAt = matchedAt ?? T0,
        DueAt = dueAt,
    };

    [Fact]
    public async Task Digest_item_is_held_once_per_subscription_and_story_development()
    {
        Assert.True(await Stores.DigestItems.TryAddAsync(Item("s1", "story-1", Due1), Ct));

        Assert.False(await Stores.DigestItems.TryAddAsync(Item("s1", "story-1", Due2), Ct));
        Assert.True(await Stores.DigestItems.TryAddAsync(Item("s2", "story-1", Due1), Ct));
        Assert.True(await Stores.DigestItems.TryAddAsync(Item("s1", "story-1", Due1, revision: "rev_financed"), Ct));
        Assert.False(await Stores.DigestItems.TryAddAsync(Item("s1", "story-1", Due2, revision: "rev_financed"), Ct));

        var held = await Stores.DigestItems.ListWaitingAsync(new DueDigest("s1", Due1), Ct);
        Assert.Equal(["", "rev_financed"], held.Select(i => i.Revision));
        Support.Same.Value(Item("s1", "story-1", Due1), held[0]);
    }

    [Fact]
    public async Task Digest_items_of_a_story_list_every_subscriptions_waiting_and_sent_ones_with_their_facts_oldest_match_first()
    {
        var development = Item("s1", "story-1", Due2, T0.AddMinutes(30), "rev_financed") with { Stage = "financed", AmountUsd = 1.5e9 };
        await Stores.DigestItems.TryAddAsync(development, Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "story-1", Due1, T0.AddMinutes(10)) with { Stage = "signed", AmountUsd = 1.2e9 }, Ct);
        await Stores.DigestItems.TryAddAsync(Item("s2", "story-1", Due1, T0.AddMinutes(20)), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "story-2", Due1, T0), Ct);
        await Stores.DigestItems.MarkSentAsync(new DueDigest("s1", Due1), [new("story-1", ""), new("story-2", "")], "dgs_1", Ct);

        var items = await Stores.DigestItems.ListForStoryAsync("story-1", Ct);

        Assert.Equal([("s1", "", "dgs_1"), ("s2", "", null), ("s1", "rev_financed", null)], items.Select(i => (i.SubscriptionId, i.Revision, i.DigestId)));
        Assert.Equal(("signed", 1.2e9), (items[0].Stage, items[0].AmountUsd));
        Support.Same.Value(development, items[2]);
        Assert.Empty(await Stores.DigestItems.ListForStoryAsync("story-3", Ct));
    }

    [Fact]
    public async Task Digest_next_due_is_the_earliest_waiting_due_time_of_each_subscription()
    {
        await Stores.DigestItems.TryAddAsync(Item("s2", "a", Due2), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "b", Due2), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "c", Due1), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "d", Due1), Ct);

        Assert.Equal(Due1, await Stores.DigestItems.NextDueAsync("s1", Ct));
        Assert.Equal([new DueDigest("s1", Due1), new DueDigest("s2", Due2)], await Stores.DigestItems.ListNextDueAsync(Ct));

        Assert.Equal(2, await Stores.DigestItems.MarkSentAsync(new DueDigest("s1", Due1), [new("c", ""), new("d", "")], "dgs_1", Ct));
        Assert.Equal(Due2, await Stores.DigestItems.NextDueAsync("s1", Ct));
        Assert.Equal([new DueDigest("s1", Due2), new DueDigest("s2", Due2)], await Stores.DigestItems.ListNextDueAsync(Ct));

        await Stores.DigestItems.MarkSentAsync(new DueDigest("s1", Due2), [new("b", "")], "dgs_2", Ct);
        Assert.Null(await Stores.DigestItems.NextDueAsync("s1", Ct));
        Assert.Null(await Stores.DigestItems.NextDueAsync("s3", Ct));
        Assert.Equal([new DueDigest("s2", Due2)], await Stores.DigestItems.ListNextDueAsync(Ct));
    }

    [Fact]
    public async Task Digest_waiting_items_come_oldest_match_first_and_leave_once_marked_sent()
    {
        await Stores.DigestItems.TryAddAsync(Item("s1", "late", Due1, T0.AddMinutes(20)), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "early", Due1, T0.AddMinutes(10)), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "other-digest", Due2), Ct);
        var digest = new DueDigest("s1", Due1);

        Assert.Equal(["early", "late"], (await Stores.DigestItems.ListWaitingAsync(digest, Ct)).Select(i => i.StoryId));
        DigestItemKey[] listed = [new("early", ""), new("late", "")];
        Assert.Equal(2, await Stores.DigestItems.MarkSentAsync(digest, listed, "dgs_1", Ct));

        Assert.Empty(await Stores.DigestItems.ListWaitingAsync(digest, Ct));
        Assert.Equal(0, await Stores.DigestItems.MarkSentAsync(digest, listed, "dgs_1", Ct));
        Assert.False(await Stores.DigestItems.TryAddAsync(Item("s1", "early", Due2), Ct));
        Assert.Equal(["other-digest"], (await Stores.DigestItems.ListWaitingAsync(new DueDigest("s1", Due2), Ct)).Select(i => i.StoryId));
    }

    [Fact]
    public async Task Digest_marking_sent_leaves_waiting_an_item_of_the_same_digest_it_was_not_given()
    {
        await Stores.DigestItems.TryAddAsync(Item("s1", "listed", Due1), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s1", "listed", Due1, revision: "rev_financed"), Ct);
        await Stores.DigestItems.TryAddAsync(Item("s2", "late", Due1), Ct);
        var digest = new DueDigest("s1", Due1);
        var listed = (await Stores.DigestItems.ListWaitingAsync(digest, Ct)).Select(i => i.Key()).ToList();
        // Held for the same digest after the assembler listed it.
        await Stores.DigestItems.TryAddAsync(Item("s1", "late", Due1), Ct);

        Assert.Equal(2, await Stores.DigestItems.MarkSentAsync(digest, listed, "dgs_1", Ct));

        Assert.Equal([("late", "")], (await Stores.DigestItems.ListWaitingAsync(digest, Ct)).Select(i => (i.StoryId, i.Revision)));
        Assert.Equal(["dgs_1", "dgs_1"], (await Stores.DigestItems.ListForStoryAsync("listed", Ct)).Select(i => i.DigestId));
        Assert.Equal(0, await Stores.DigestItems.MarkSentAsync(digest, [], "dgs_2", Ct));
        Assert.Equal([new DueDigest("s1", Due1), new DueDigest("s2", Due1)], await Stores.DigestItems.ListNextDueAsync(Ct));
    }

    [Fact]
    public async Task Digest_store_refuses_items_without_a_payload_or_revision_and_blank_keys()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.DigestItems.TryAddAsync(Item("s1", "a", Due1) with { Payload = "" }, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Stores.DigestItems.TryAddAsync(Item("s1", "a", Due1) with { Revision = null! }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.DigestItems.ListForStoryAsync(" ", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.DigestItems.NextDueAsync("", Ct));
    }
}
