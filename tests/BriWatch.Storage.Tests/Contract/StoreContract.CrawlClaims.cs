using BriWatch.Storage.Sources;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    private static readonly TimeSpan CrawlLease = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CrawlClaim_holds_the_source_for_one_crawl_until_it_expires()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);

        var first = await Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0, CrawlLease, Ct);

        Assert.NotNull(first);
        Assert.Equal(("a", "replica-1", T0 + CrawlLease), (first.Source.Id, first.Holder, first.ExpiresAt));
        Assert.False(string.IsNullOrWhiteSpace(first.Token));
        Assert.Null(await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", T0, CrawlLease, Ct));
        Assert.Null(await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", T0 + CrawlLease - TimeSpan.FromMilliseconds(1), CrawlLease, Ct));
    }

    [Fact]
    public async Task CrawlClaim_whose_holder_stopped_renewing_is_taken_over_after_the_lease_and_the_old_holder_loses_it()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        var dead = (await Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0, CrawlLease, Ct))!;

        var takeover = await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", T0 + CrawlLease, CrawlLease, Ct);

        Assert.NotNull(takeover);
        Assert.NotEqual(dead.Token, takeover.Token);
        Assert.Equal("replica-2", takeover.Holder);
        Assert.False(await Stores.Sources.RenewCrawlClaimAsync("a", dead.Token, T0 + CrawlLease, CrawlLease, Ct));
        Assert.False(await Stores.Sources.ReleaseCrawlClaimAsync("a", dead.Token, Ct));
        Assert.Null(await Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0 + CrawlLease, CrawlLease, Ct));
    }

    [Fact]
    public async Task CrawlClaim_renewed_while_the_crawl_runs_is_not_taken_over()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        var claim = (await Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0, CrawlLease, Ct))!;

        // Renewed every third of the lease, the claim outlives several leases.
        for (var at = T0; at < T0 + (CrawlLease * 3); at += CrawlLease / 3)
        {
            Assert.True(await Stores.Sources.RenewCrawlClaimAsync("a", claim.Token, at, CrawlLease, Ct));
            Assert.Null(await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", at + (CrawlLease / 3), CrawlLease, Ct));
        }

        // Even a renewal after the claim lapsed holds it, as long as nobody took it over meanwhile.
        Assert.True(await Stores.Sources.RenewCrawlClaimAsync("a", claim.Token, T0 + (CrawlLease * 10), CrawlLease, Ct));
        Assert.Null(await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", T0 + (CrawlLease * 11) - TimeSpan.FromMilliseconds(1), CrawlLease, Ct));
    }

    [Fact]
    public async Task CrawlClaim_is_handed_to_exactly_one_of_many_concurrent_claimers()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Stores.Sources.TryClaimCrawlAsync("a", $"replica-{i}", T0, CrawlLease, Ct), Ct)));

        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task Completion_under_a_claim_is_written_only_while_that_claim_holds_and_ends_it()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        var overtaken = (await Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0, CrawlLease, Ct))!;
        var current = (await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", T0 + CrawlLease, CrawlLease, Ct))!;

        Assert.False(await Stores.Sources.RecordFetchSuccessAsync(
            "a", new FetchSuccess(T0.AddMinutes(3), T0.AddHours(1), "\"stale\"", null, 4, ClaimToken: overtaken.Token), Ct));
        Assert.Null(await Stores.Sources.RecordFetchFailureAsync("a", new FetchFailure("late", T0.AddMinutes(3), T0.AddHours(1), overtaken.Token), Ct));
        var untouched = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;
        Assert.Equal((null, null, 0, null), (untouched.LastFetchedAt, untouched.ETag, untouched.ConsecutiveFailures, untouched.LastError));

        Assert.True(await Stores.Sources.RecordFetchSuccessAsync(
            "a", new FetchSuccess(T0.AddMinutes(3), T0.AddMinutes(23), "\"v2\"", null, 1, ClaimToken: current.Token), Ct));
        var recorded = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;
        Assert.Equal((T0.AddMinutes(3), T0.AddMinutes(23), "\"v2\""), (recorded.LastSuccessAt, recorded.NextAttemptAt, recorded.ETag));

        // The completion ended the claim: the next crawl need not wait for it to expire, and the finished one cannot write again.
        Assert.False(await Stores.Sources.RenewCrawlClaimAsync("a", current.Token, T0.AddMinutes(3), CrawlLease, Ct));
        Assert.False(await Stores.Sources.RecordFetchSuccessAsync(
            "a", new FetchSuccess(T0.AddMinutes(4), T0.AddHours(2), null, null, 0, ClaimToken: current.Token), Ct));
        var next = (await Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0.AddMinutes(3), CrawlLease, Ct))!;
        Assert.Equal(1, await Stores.Sources.RecordFetchFailureAsync("a", new FetchFailure("HTTP 503", T0.AddMinutes(4), T0.AddMinutes(9), next.Token), Ct));
        Assert.NotNull(await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", T0.AddMinutes(4), CrawlLease, Ct));
    }

    [Fact]
    public async Task Completion_without_a_claim_token_leaves_a_running_crawl_claim_alone()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        var claim = (await Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0, CrawlLease, Ct))!;

        Assert.True(await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0, T0.AddMinutes(20), null, null, 0), Ct));

        Assert.Null(await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", T0.AddMinutes(1), CrawlLease, Ct));
        Assert.True(await Stores.Sources.RenewCrawlClaimAsync("a", claim.Token, T0.AddMinutes(1), CrawlLease, Ct));
    }

    [Fact]
    public async Task ReleaseCrawlClaim_frees_the_source_for_the_next_crawl()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        var claim = (await Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0, CrawlLease, Ct))!;

        Assert.True(await Stores.Sources.ReleaseCrawlClaimAsync("a", claim.Token, Ct));

        Assert.False(await Stores.Sources.ReleaseCrawlClaimAsync("a", claim.Token, Ct));
        Assert.False(await Stores.Sources.RenewCrawlClaimAsync("a", claim.Token, T0, CrawlLease, Ct));
        Assert.NotNull(await Stores.Sources.TryClaimCrawlAsync("a", "replica-2", T0, CrawlLease, Ct));
    }

    [Fact]
    public async Task ClaimDue_skips_a_source_while_a_crawl_holds_it()
    {
        await Stores.Sources.CreateAsync(Source("held", T0.AddMinutes(-10)), Ct);
        await Stores.Sources.CreateAsync(Source("free", T0.AddMinutes(-5)), Ct);
        var claim = (await Stores.Sources.TryClaimCrawlAsync("held", "replica-1", T0, CrawlLease, Ct))!;

        Assert.Equal(["free"], (await Stores.Sources.ClaimDueAsync(T0, TimeSpan.FromHours(1), 10, Ct)).Select(d => d.Source.Id));
        Assert.Empty(await Stores.Sources.ClaimDueAsync(T0 + CrawlLease - TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), 10, Ct));

        // Its holder died: once the claim lapses the source is scheduled again.
        var again = Assert.Single(await Stores.Sources.ClaimDueAsync(T0 + CrawlLease, TimeSpan.FromHours(1), 10, Ct));
        Assert.Equal(("held", T0.AddMinutes(-10)), (again.Source.Id, again.DueAt));
        Assert.False(await Stores.Sources.RenewCrawlClaimAsync("held", "not-" + claim.Token, T0, CrawlLease, Ct));
    }

    [Fact]
    public async Task CrawlClaim_of_an_unknown_source_is_refused_and_its_completion_throws()
    {
        Assert.Null(await Stores.Sources.TryClaimCrawlAsync("ghost", "replica-1", T0, CrawlLease, Ct));
        Assert.False(await Stores.Sources.RenewCrawlClaimAsync("ghost", "token", T0, CrawlLease, Ct));
        Assert.False(await Stores.Sources.ReleaseCrawlClaimAsync("ghost", "token", Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            Stores.Sources.RecordFetchSuccessAsync("ghost", new FetchSuccess(T0, T0, null, null, 0, ClaimToken: "token"), Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            Stores.Sources.RecordFetchFailureAsync("ghost", new FetchFailure("x", T0, T0, "token"), Ct));
    }

    [Fact]
    public async Task CrawlClaim_rejects_a_non_positive_lease_and_a_blank_holder_or_token()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Sources.TryClaimCrawlAsync("a", "replica-1", T0, TimeSpan.Zero, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Sources.TryClaimCrawlAsync("a", " ", T0, CrawlLease, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Sources.RenewCrawlClaimAsync("a", "token", T0, TimeSpan.Zero, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Sources.RenewCrawlClaimAsync("a", "", T0, CrawlLease, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Sources.ReleaseCrawlClaimAsync("a", " ", Ct));
    }
}
