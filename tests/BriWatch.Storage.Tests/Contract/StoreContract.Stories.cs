using BriWatch.Storage.Stories;
using BriWatch.Storage.Tests.Support;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Story_index_finds_fingerprints_sharing_a_band_newest_first()
    {
        var old = new StoryFingerprint("a1", "story-1", [1UL, ulong.MaxValue], ["b1", "b2"], T0);
        var mid = new StoryFingerprint("a2", "story-1", [2UL, 1UL << 63], ["b2", "b3"], T0.AddMinutes(1));
        var unrelated = new StoryFingerprint("a3", "story-2", [3UL], ["b9"], T0.AddMinutes(2));
        foreach (var fingerprint in new[] { old, mid, unrelated })
        {
            await Stores.Stories.AddAsync(fingerprint, Ct);
        }

        var found = await Stores.Stories.FindByBandsAsync(["b1", "b3", "zz"], T0, 10, Ct);

        Same.Value<IReadOnlyList<StoryFingerprint>>([mid, old], found);
    }

    [Fact]
    public async Task Story_index_leaves_out_fingerprints_before_since_and_beyond_max()
    {
        for (var i = 0; i < 5; i++)
        {
            await Stores.Stories.AddAsync(new StoryFingerprint($"a{i}", "s", [(ulong)i], ["band"], T0.AddMinutes(i)), Ct);
        }

        var found = await Stores.Stories.FindByBandsAsync(["band"], T0.AddMinutes(1), 3, Ct);

        Assert.Equal(["a4", "a3", "a2"], found.Select(f => f.ArticleId));
        Assert.Equal(["a4"], (await Stores.Stories.FindByBandsAsync(["band"], T0.AddMinutes(4), 3, Ct)).Select(f => f.ArticleId));
        Assert.Empty(await Stores.Stories.FindByBandsAsync([], T0, 3, Ct));
    }

    [Fact]
    public async Task Story_index_add_for_the_same_article_replaces_the_fingerprint_and_its_bands()
    {
        await Stores.Stories.AddAsync(new StoryFingerprint("a1", "story-1", [1UL], ["old-band"], T0), Ct);
        var replacement = new StoryFingerprint("a1", "story-9", [9UL], ["new-band"], T0.AddMinutes(1));

        await Stores.Stories.AddAsync(replacement, Ct);

        Assert.Empty(await Stores.Stories.FindByBandsAsync(["old-band"], T0, 10, Ct));
        Same.Value<IReadOnlyList<StoryFingerprint>>([replacement], await Stores.Stories.FindByBandsAsync(["new-band"], T0, 10, Ct));
    }
}
