using BriWatch.Storage.Sources;
using BriWatch.Storage.Tests.Support;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Source_round_trips_every_field()
    {
        var source = Source("xinhua-en") with
        {
            Crawl = new SourceCrawlState
            {
                NextAttemptAt = T0.AddMinutes(5),
                LastFetchedAt = T0.AddMinutes(-1),
                LastSuccessAt = T0.AddMinutes(-2),
                LastNewItemAt = T0.AddMinutes(-3),
                LastError = "timeout",
                LastWarning = "not well-formed XML at line 12, column 5: unexpected end of file; kept 3 recovered items",
                ConsecutiveFailures = 2,
                ETag = "\"abc\"",
                LastModified = "Sun, 01 Mar 2026 07:00:00 GMT",
                Stale = true,
            },
        };

        Assert.True(await Stores.Sources.CreateAsync(source, Ct));

        Same.Value(source, await Stores.Sources.GetAsync("xinhua-en", Ct));
    }

    [Fact]
    public async Task Source_create_stamps_missing_times_from_the_clock()
    {
        await Stores.Sources.CreateAsync(Source("a") with { CreatedAt = default, UpdatedAt = default }, Ct);

        var stored = await Stores.Sources.GetAsync("a", Ct);
        Assert.Equal(T0, stored!.CreatedAt);
        Assert.Equal(T0, stored.UpdatedAt);
    }

    [Fact]
    public async Task Source_create_returns_false_when_the_id_exists_and_keeps_the_first()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);

        Assert.False(await Stores.Sources.CreateAsync(Source("a") with { Name = "Impostor" }, Ct));
        Assert.Equal("Source a", (await Stores.Sources.GetAsync("a", Ct))!.Name);
    }

    [Fact]
    public async Task Source_create_rejects_a_blank_id()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Sources.CreateAsync(Source(" "), Ct));
    }

    [Fact]
    public async Task Source_get_returns_null_when_absent()
    {
        Assert.Null(await Stores.Sources.GetAsync("nope", Ct));
    }

    [Fact]
    public async Task Source_list_is_ordered_by_id()
    {
        foreach (var id in new[] { "c", "a", "b" })
        {
            await Stores.Sources.CreateAsync(Source(id), Ct);
        }

        Assert.Equal(["a", "b", "c"], (await Stores.Sources.ListAsync(Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task UpdateDefinition_replaces_the_definition_and_keeps_crawl_state()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        await Stores.Sources.RecordFetchFailureAsync("a", new FetchFailure("boom", T0, T0.AddMinutes(9)), Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        var edited = Source("a") with
        {
            Name = "Renamed",
            Url = "https://example.org/other.xml",
            Kind = SourceKind.HtmlList,
            Language = "zh",
            Country = "RU",
            Official = false,
            Enabled = false,
            PollInterval = TimeSpan.FromHours(1),
            Options = new Dictionary<string, string> { ["list"] = "ul.news li" },
            Crawl = new SourceCrawlState(),
        };

        Assert.True(await Stores.Sources.UpdateDefinitionAsync(edited, Ct));

        var stored = (await Stores.Sources.GetAsync("a", Ct))!;
        Same.Value(
            edited with { Crawl = stored.Crawl, UpdatedAt = T0.AddMinutes(1) },
            stored);
        Assert.Equal("boom", stored.Crawl.LastError);
        Assert.Equal(1, stored.Crawl.ConsecutiveFailures);
        Assert.Equal(T0.AddMinutes(9), stored.Crawl.NextAttemptAt);
    }

    [Fact]
    public async Task UpdateDefinition_returns_false_when_absent()
    {
        Assert.False(await Stores.Sources.UpdateDefinitionAsync(Source("ghost"), Ct));
        Assert.Null(await Stores.Sources.GetAsync("ghost", Ct));
    }

    [Fact]
    public async Task Source_delete_removes_it_once()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);

        Assert.True(await Stores.Sources.DeleteAsync("a", Ct));
        Assert.False(await Stores.Sources.DeleteAsync("a", Ct));
        Assert.Null(await Stores.Sources.GetAsync("a", Ct));
    }

    [Fact]
    public async Task AddMissing_adds_only_new_sources_and_never_overwrites_edits()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        await Stores.Sources.UpdateDefinitionAsync(Source("a") with { Name = "Operator's name" }, Ct);

        var added = await Stores.Sources.AddMissingAsync([Source("a"), Source("b"), Source("c")], Ct);

        Assert.Equal(2, added);
        Assert.Equal("Operator's name", (await Stores.Sources.GetAsync("a", Ct))!.Name);
        Same.Value(Source("b"), await Stores.Sources.GetAsync("b", Ct));
        Assert.Equal(0, await Stores.Sources.AddMissingAsync([Source("b"), Source("c")], Ct));
    }

    [Fact]
    public async Task ClaimDue_takes_enabled_due_sources_oldest_first_up_to_max_and_pushes_them_back()
    {
        await Stores.Sources.CreateAsync(Source("late", T0.AddMinutes(-1)), Ct);
        await Stores.Sources.CreateAsync(Source("early", T0.AddMinutes(-5)), Ct);
        await Stores.Sources.CreateAsync(Source("exact", T0), Ct);
        await Stores.Sources.CreateAsync(Source("future", T0.AddMilliseconds(1)), Ct);
        await Stores.Sources.CreateAsync(Source("disabled", T0.AddMinutes(-9), enabled: false), Ct);

        var claimed = await Stores.Sources.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 2, Ct);

        Assert.Equal(["early", "late"], claimed.Select(c => c.Source.Id));
        Assert.Equal([T0.AddMinutes(-5), T0.AddMinutes(-1)], claimed.Select(c => c.DueAt));
        Assert.All(claimed, c => Assert.Equal(T0.AddMinutes(2), c.Source.Crawl.NextAttemptAt));
        Assert.Equal(T0.AddMinutes(2), (await Stores.Sources.GetAsync("early", Ct))!.Crawl.NextAttemptAt);
        Assert.Equal(["exact"], (await Stores.Sources.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 10, Ct)).Select(c => c.Source.Id));
        Assert.Empty(await Stores.Sources.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 10, Ct));
    }

    [Fact]
    public async Task ClaimDue_hands_a_source_out_again_once_its_lease_has_passed()
    {
        await Stores.Sources.CreateAsync(Source("a", T0), Ct);
        await Stores.Sources.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 1, Ct);

        Assert.Empty(await Stores.Sources.ClaimDueAsync(T0.AddMinutes(2).AddMilliseconds(-1), TimeSpan.FromMinutes(2), 1, Ct));
        var again = Assert.Single(await Stores.Sources.ClaimDueAsync(T0.AddMinutes(2), TimeSpan.FromMinutes(2), 1, Ct));
        Assert.Equal(T0.AddMinutes(2), again.DueAt);
    }

    [Fact]
    public async Task ClaimDue_never_hands_one_source_to_two_claimers()
    {
        var ids = Enumerable.Range(0, 60).Select(i => $"s{i:D2}").ToList();
        await Stores.Sources.AddMissingAsync(ids.Select(id => Source(id, T0.AddSeconds(-ids.IndexOf(id)))), Ct);

        var claimers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (true)
            {
                var batch = await Stores.Sources.ClaimDueAsync(T0, TimeSpan.FromMinutes(5), 3, Ct);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(b => b.Source.Id));
            }
        }, Ct));
        var all = (await Task.WhenAll(claimers)).SelectMany(m => m).ToList();

        Assert.Equal(ids, all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimDue_rejects_a_non_positive_lease_or_max()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Sources.ClaimDueAsync(T0, TimeSpan.Zero, 1, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Sources.ClaimDueAsync(T0, TimeSpan.FromMinutes(1), 0, Ct));
    }

    [Fact]
    public async Task RecordFetchSuccess_resets_failures_and_stores_validators_and_schedule()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        await Stores.Sources.RecordFetchFailureAsync("a", new FetchFailure("boom", T0, T0.AddMinutes(1)), Ct);

        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0.AddMinutes(1), T0.AddMinutes(21), "\"v2\"", "Sun, 01 Mar 2026 08:01:00 GMT", 3), Ct);

        var crawl = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;
        Same.Value(
            new SourceCrawlState
            {
                NextAttemptAt = T0.AddMinutes(21),
                LastFetchedAt = T0.AddMinutes(1),
                LastSuccessAt = T0.AddMinutes(1),
                LastNewItemAt = T0.AddMinutes(1),
                ETag = "\"v2\"",
                LastModified = "Sun, 01 Mar 2026 08:01:00 GMT",
            },
            crawl);
    }

    [Fact]
    public async Task RecordFetchSuccess_without_new_items_keeps_the_last_new_item_time()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0, T0.AddMinutes(20), null, null, 1), Ct);

        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0.AddMinutes(20), T0.AddMinutes(40), null, null, 0), Ct);

        var crawl = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;
        Assert.Equal(T0, crawl.LastNewItemAt);
        Assert.Equal(T0.AddMinutes(20), crawl.LastSuccessAt);
    }

    [Fact]
    public async Task RecordFetchSuccess_stores_the_warning_and_a_clean_poll_clears_it()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        const string warning = "declared character encoding us-ascii does not fit the bytes; decoded as utf-8; kept 2 recovered items";

        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0, T0.AddMinutes(20), null, null, 2, warning), Ct);
        var warned = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;
        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0.AddMinutes(20), T0.AddMinutes(40), null, null, 0, null), Ct);
        var clean = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;

        Assert.Equal(warning, warned.LastWarning);
        Assert.Null(warned.LastError);
        Assert.Null(clean.LastWarning);
    }

    [Fact]
    public async Task RecordFetchFailure_keeps_the_warning_of_the_last_success()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0, T0.AddMinutes(20), null, null, 1, "kept 1 recovered item"), Ct);

        await Stores.Sources.RecordFetchFailureAsync("a", new FetchFailure("HTTP 503", T0.AddMinutes(20), T0.AddMinutes(25)), Ct);

        var crawl = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;
        Assert.Equal("HTTP 503", crawl.LastError);
        Assert.Equal("kept 1 recovered item", crawl.LastWarning);
    }

    [Fact]
    public async Task RecordFetchFailure_counts_consecutive_failures_and_keeps_the_last_success()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0, T0.AddMinutes(20), "e", null, 0), Ct);

        Assert.Equal(1, await Stores.Sources.RecordFetchFailureAsync("a", new FetchFailure("HTTP 503", T0.AddMinutes(20), T0.AddMinutes(25)), Ct));
        Assert.Equal(2, await Stores.Sources.RecordFetchFailureAsync("a", new FetchFailure("HTTP 502", T0.AddMinutes(25), T0.AddMinutes(35)), Ct));

        var crawl = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;
        Assert.Equal("HTTP 502", crawl.LastError);
        Assert.Equal(T0.AddMinutes(25), crawl.LastFetchedAt);
        Assert.Equal(T0, crawl.LastSuccessAt);
        Assert.Equal(T0.AddMinutes(35), crawl.NextAttemptAt);
        Assert.Equal("e", crawl.ETag);
    }

    [Fact]
    public async Task RecordFetchSuccess_with_new_items_clears_staleness_and_without_keeps_it()
    {
        await Stores.Sources.CreateAsync(Source("a") with { Crawl = new SourceCrawlState { NextAttemptAt = T0, Stale = true } }, Ct);

        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0, T0.AddMinutes(20), null, null, 0), Ct);
        var quiet = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;
        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0.AddMinutes(20), T0.AddMinutes(40), null, null, 2), Ct);
        var fresh = (await Stores.Sources.GetAsync("a", Ct))!.Crawl;

        Assert.True(quiet.Stale);
        Assert.Null(quiet.LastNewItemAt);
        Assert.False(fresh.Stale);
        Assert.Equal(T0.AddMinutes(20), fresh.LastNewItemAt);
    }

    [Fact]
    public async Task MarkStale_reports_only_real_transitions()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);

        Assert.True(await Stores.Sources.MarkStaleAsync("a", true, null, Ct));
        Assert.False(await Stores.Sources.MarkStaleAsync("a", true, null, Ct));
        Assert.True((await Stores.Sources.GetAsync("a", Ct))!.Crawl.Stale);
        Assert.True(await Stores.Sources.MarkStaleAsync("a", false, null, Ct));
        Assert.False(await Stores.Sources.MarkStaleAsync("a", false, null, Ct));
        Assert.False((await Stores.Sources.GetAsync("a", Ct))!.Crawl.Stale);
    }

    [Fact]
    public async Task MarkStale_loses_to_an_item_recorded_since_the_caller_looked()
    {
        await Stores.Sources.CreateAsync(Source("a"), Ct);
        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0, T0.AddMinutes(20), null, null, 1), Ct);
        var seen = (await Stores.Sources.GetAsync("a", Ct))!.Crawl.LastNewItemAt;
        await Stores.Sources.RecordFetchSuccessAsync("a", new FetchSuccess(T0.AddMinutes(20), T0.AddMinutes(40), null, null, 1), Ct);

        Assert.False(await Stores.Sources.MarkStaleAsync("a", true, seen, Ct));
        Assert.False(await Stores.Sources.MarkStaleAsync("a", true, null, Ct));
        Assert.True(await Stores.Sources.MarkStaleAsync("a", true, T0.AddMinutes(20), Ct));
        Assert.True((await Stores.Sources.GetAsync("a", Ct))!.Crawl.Stale);
    }

    [Fact]
    public async Task MarkStale_of_an_unknown_source_changes_nothing()
    {
        Assert.False(await Stores.Sources.MarkStaleAsync("ghost", true, null, Ct));
        Assert.Null(await Stores.Sources.GetAsync("ghost", Ct));
    }

    [Fact]
    public async Task Fetch_bookkeeping_for_an_unknown_source_throws()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Stores.Sources.RecordFetchSuccessAsync("ghost", new FetchSuccess(T0, T0, null, null, 0), Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Stores.Sources.RecordFetchFailureAsync("ghost", new FetchFailure("x", T0, T0), Ct));
    }
}
