using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Stories;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

/// <summary>Retention (issue 14): what each store's purge deletes, keeps, and how it batches.</summary>
public abstract partial class StoreContract
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly DateTimeOffset PurgeTime = T0.AddDays(10);

    [Fact]
    public async Task Article_purge_deletes_articles_discovered_before_the_window_oldest_first_in_batches()
    {
        for (var day = 0; day < 5; day++)
        {
            await Stores.Articles.UpsertAsync(Article($"a{day}", T0.AddDays(day)), Ct);
        }

        // Window: the week before day 10, so days 0, 1 and 2 (before day 3) are expired.
        Assert.Equal(2, await Stores.Articles.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));
        Assert.Null(await Stores.Articles.GetAsync("a1", Ct));
        Assert.NotNull(await Stores.Articles.GetAsync("a2", Ct));
        Assert.Equal(1, await Stores.Articles.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));
        Assert.Equal(0, await Stores.Articles.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));

        Assert.Equal(["a4", "a3"], (await Stores.Articles.SearchAsync(new(), Ct)).Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Article_purge_keeps_articles_named_by_pending_deliveries_and_waiting_digest_items()
    {
        // Oldest first: the kept ones come first, so a batch of one must still get past them.
        await Stores.Articles.UpsertAsync(Article("article-pending", T0), Ct);
        await Stores.Articles.UpsertAsync(Article("article-waiting", T0.AddMinutes(1)), Ct);
        await Stores.Articles.UpsertAsync(Article("article-delivered", T0.AddMinutes(2)), Ct);
        await Stores.Articles.UpsertAsync(Article("article-digested", T0.AddMinutes(3)), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("d-pending", storyId: "pending"), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("d-delivered", storyId: "delivered"), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d-delivered", DeliveryState.Delivered, 1, T0, T0, null), Ct);
        await Stores.DigestItems.TryAddAsync(DigestItemOf("waiting"), Ct);
        await Stores.DigestItems.TryAddAsync(DigestItemOf("digested"), Ct);
        await Stores.DigestItems.MarkSentAsync(new DueDigest("s1", T0.AddDays(1)), [new DigestItemKey("digested", "")], "digest-1", Ct);

        Assert.Equal(1, await Stores.Articles.PurgeExpiredAsync(PurgeTime, Week, 1, Ct));
        Assert.Equal(1, await Stores.Articles.PurgeExpiredAsync(PurgeTime, Week, 1, Ct));
        Assert.Equal(0, await Stores.Articles.PurgeExpiredAsync(PurgeTime, Week, 1, Ct));

        Assert.Equal(["article-waiting", "article-pending"], (await Stores.Articles.SearchAsync(new(), Ct)).Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Delivery_purge_deletes_settled_deliveries_created_before_the_window_and_never_a_pending_one()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d-pending", storyId: "s0", createdAt: T0), Ct);
        await Stores.Deliveries.TryCreateAsync(Delivery("d-retrying", storyId: "s1", createdAt: T0), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d-retrying", DeliveryState.Pending, 3, T0, PurgeTime.AddHours(1), "HTTP 503"), Ct);
        var settled = new[] { ("d-delivered", DeliveryState.Delivered), ("d-failed", DeliveryState.Failed), ("d-dead", DeliveryState.Dead) };
        for (var i = 0; i < settled.Length; i++)
        {
            var (id, state) = settled[i];
            await Stores.Deliveries.TryCreateAsync(Delivery(id, storyId: id, createdAt: T0.AddMinutes(i)), Ct);
            await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt(id, state, 1, T0.AddMinutes(i), T0.AddMinutes(i), null), Ct);
        }

        await Stores.Deliveries.TryCreateAsync(Delivery("d-recent", storyId: "recent", createdAt: PurgeTime.AddDays(-1)), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d-recent", DeliveryState.Delivered, 1, PurgeTime, PurgeTime, null), Ct);

        Assert.Equal(2, await Stores.Deliveries.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));
        Assert.Null(await Stores.Deliveries.GetAsync("d-failed", Ct));
        Assert.NotNull(await Stores.Deliveries.GetAsync("d-dead", Ct));
        Assert.Equal(1, await Stores.Deliveries.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));
        Assert.Equal(0, await Stores.Deliveries.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));

        var left = await Stores.Deliveries.ListAsync(null, null, 10, Ct);
        Assert.Equal(["d-pending", "d-recent", "d-retrying"], left.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delivery_purge_keeps_an_old_delivery_replayed_until_it_settles_again()
    {
        await Stores.Deliveries.TryCreateAsync(Delivery("d-1", createdAt: T0), Ct);
        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d-1", DeliveryState.Dead, 9, T0, T0, "gave up"), Ct);
        Assert.Equal(ReplayResult.Replayed, await Stores.Deliveries.ReplayAsync("d-1", PurgeTime, Ct));

        Assert.Equal(0, await Stores.Deliveries.PurgeExpiredAsync(PurgeTime, Week, 10, Ct));

        await Stores.Deliveries.RecordAttemptAsync(new DeliveryAttempt("d-1", DeliveryState.Delivered, 1, PurgeTime, PurgeTime, null), Ct);
        Assert.Equal(1, await Stores.Deliveries.PurgeExpiredAsync(PurgeTime, Week, 10, Ct));
    }

    [Fact]
    public async Task Story_index_purge_deletes_fingerprints_recorded_before_the_window_with_their_bands()
    {
        for (var day = 0; day < 5; day++)
        {
            await Stores.Stories.AddAsync(new StoryFingerprint($"a{day}", "story-1", [(ulong)day], ["band", $"own-{day}"], T0.AddDays(day)), Ct);
        }

        Assert.Equal(2, await Stores.Stories.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));
        Assert.Equal(1, await Stores.Stories.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));
        Assert.Equal(0, await Stores.Stories.PurgeExpiredAsync(PurgeTime, Week, 2, Ct));

        Assert.Equal(["a4", "a3"], (await Stores.Stories.FindByBandsAsync(["band"], T0, 10, Ct)).Select(f => f.ArticleId));
        Assert.Empty(await Stores.Stories.FindByBandsAsync(["own-0", "own-1", "own-2"], T0, 10, Ct));
        // A purged article's fingerprint can be recorded again (its bands went with it).
        await Stores.Stories.AddAsync(new StoryFingerprint("a0", "story-2", [7UL], ["own-0"], PurgeTime), Ct);
        Assert.Equal(["a0"], (await Stores.Stories.FindByBandsAsync(["own-0"], T0, 10, Ct)).Select(f => f.ArticleId));
    }

    [Fact]
    public async Task Purges_refuse_a_retention_that_is_not_positive_and_a_batch_below_one()
    {
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Stores.Articles.PurgeExpiredAsync(PurgeTime, TimeSpan.Zero, 10, Ct));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Stores.Deliveries.PurgeExpiredAsync(PurgeTime, Week, 0, Ct));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Stores.Stories.PurgeExpiredAsync(PurgeTime, -Week, 10, Ct));
    }

    private static DigestItem DigestItemOf(string storyId) => new()
    {
        SubscriptionId = "s1",
        StoryId = storyId,
        ArticleId = "article-" + storyId,
        Payload = $$"""{"type":"article.matched","storyId":"{{storyId}}"}""",
        MatchedAt = T0,
        DueAt = T0.AddDays(1),
    };
}
