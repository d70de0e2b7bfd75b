using BriWatch.Storage.Outbox;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Discovery_knows_a_key_only_after_it_is_recorded()
    {
        Assert.False(await Stores.Discoveries.AnyKnownAsync(["https://example.org/a", "guid-a"], Ct));

        await Stores.Discoveries.RecordAsync("article-a", "xinhua-en", ["https://example.org/a", "guid-a", "hash-a"], Announcement("article-a"), Ct);

        Assert.True(await Stores.Discoveries.AnyKnownAsync(["hash-a"], Ct));
        Assert.True(await Stores.Discoveries.AnyKnownAsync(["other", "guid-a"], Ct));
        Assert.False(await Stores.Discoveries.AnyKnownAsync(["other", "GUID-A"], Ct));
        Assert.False(await Stores.Discoveries.AnyKnownAsync([], Ct));
    }

    [Fact]
    public async Task Discovery_record_is_idempotent_and_accepts_partly_known_keys()
    {
        await Stores.Discoveries.RecordAsync("article-a", "s", ["k1", "k2"], Announcement("article-a"), Ct);

        await Stores.Discoveries.RecordAsync("article-a", "s", ["k1", "k2"], Announcement("article-a"), Ct);
        await Stores.Discoveries.RecordAsync("article-b", "s", ["k2", "k3", "k3"], Announcement("article-b"), Ct);

        Assert.True(await Stores.Discoveries.AnyKnownAsync(["k3"], Ct));
    }

    [Fact]
    public async Task Discovery_record_under_concurrency_never_fails_on_shared_keys()
    {
        var writers = Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Stores.Discoveries.RecordAsync($"article-{i}", "s", ["shared", $"own-{i}"], Announcement($"article-{i}"), Ct), Ct));

        await Task.WhenAll(writers);

        Assert.True(await Stores.Discoveries.AnyKnownAsync(["own-7"], Ct));
        Assert.True(await Stores.Discoveries.AnyKnownAsync(["shared"], Ct));
    }

    [Fact]
    public async Task Discovery_rejects_recording_no_keys_or_blank_keys()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Discoveries.RecordAsync("a", "s", [], Announcement("a"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Discoveries.RecordAsync("a", "s", ["k", " "], Announcement("a"), Ct));
        Assert.False(await Stores.Discoveries.AnyKnownAsync(["k"], Ct));
    }

    [Fact]
    public async Task Discovery_records_the_announcing_event_with_the_keys()
    {
        await Stores.Discoveries.RecordAsync("article-a", "s", ["k1"], Announcement("article-a"), Ct);

        var claimed = await Stores.Outbox.ClaimDueAsync(Support.TestData.T0, Support.TestData.T0.AddMinutes(2), 10, Ct);
        Assert.Equal("ArticleDiscovered/article-a", Assert.Single(claimed).Id);
        Assert.True(await Stores.Discoveries.AnyKnownAsync(["k1"], Ct));
    }

    [Fact]
    public async Task Discovery_recorded_again_keeps_one_pending_event()
    {
        await Stores.Discoveries.RecordAsync("article-a", "s", ["k1"], Announcement("article-a"), Ct);
        await Stores.Discoveries.RecordAsync("article-a", "s", ["k1", "k2"], Announcement("article-a"), Ct);

        Assert.Equal(1, (await Stores.Outbox.GetBacklogAsync(Ct)).Pending);
    }

    [Fact]
    public async Task Discovery_rejected_for_bad_keys_records_no_event()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Discoveries.RecordAsync("a", "s", [" "], Announcement("a"), Ct));

        Assert.Equal(0, (await Stores.Outbox.GetBacklogAsync(Ct)).Pending);
    }

    private static OutboxMessage Announcement(string articleId) =>
        OutboxMessage.New($"ArticleDiscovered/{articleId}", "BriWatch.Contracts.ArticleDiscovered, BriWatch.Contracts", $$"""{"articleId":"{{articleId}}"}""", Support.TestData.T0);
}
