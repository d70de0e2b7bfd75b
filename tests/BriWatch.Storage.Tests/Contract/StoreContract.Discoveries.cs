namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Discovery_knows_a_key_only_after_it_is_recorded()
    {
        Assert.False(await Stores.Discoveries.AnyKnownAsync(["https://example.org/a", "guid-a"], Ct));

        await Stores.Discoveries.RecordAsync("article-a", "xinhua-en", ["https://example.org/a", "guid-a", "hash-a"], Support.TestData.T0, Ct);

        Assert.True(await Stores.Discoveries.AnyKnownAsync(["hash-a"], Ct));
        Assert.True(await Stores.Discoveries.AnyKnownAsync(["other", "guid-a"], Ct));
        Assert.False(await Stores.Discoveries.AnyKnownAsync(["other", "GUID-A"], Ct));
        Assert.False(await Stores.Discoveries.AnyKnownAsync([], Ct));
    }

    [Fact]
    public async Task Discovery_record_is_idempotent_and_accepts_partly_known_keys()
    {
        await Stores.Discoveries.RecordAsync("article-a", "s", ["k1", "k2"], Support.TestData.T0, Ct);

        await Stores.Discoveries.RecordAsync("article-a", "s", ["k1", "k2"], Support.TestData.T0, Ct);
        await Stores.Discoveries.RecordAsync("article-b", "s", ["k2", "k3", "k3"], Support.TestData.T0, Ct);

        Assert.True(await Stores.Discoveries.AnyKnownAsync(["k3"], Ct));
    }

    [Fact]
    public async Task Discovery_record_under_concurrency_never_fails_on_shared_keys()
    {
        var writers = Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Stores.Discoveries.RecordAsync($"article-{i}", "s", ["shared", $"own-{i}"], Support.TestData.T0, Ct), Ct));

        await Task.WhenAll(writers);

        Assert.True(await Stores.Discoveries.AnyKnownAsync(["own-7"], Ct));
        Assert.True(await Stores.Discoveries.AnyKnownAsync(["shared"], Ct));
    }

    [Fact]
    public async Task Discovery_rejects_recording_no_keys_or_blank_keys()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Discoveries.RecordAsync("a", "s", [], Support.TestData.T0, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Discoveries.RecordAsync("a", "s", ["k", " "], Support.TestData.T0, Ct));
        Assert.False(await Stores.Discoveries.AnyKnownAsync(["k"], Ct));
    }
}
