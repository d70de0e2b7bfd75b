using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Tests.Support;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Subscription_round_trips_every_field_with_times_from_the_clock()
    {
        var subscription = Subscription("s1");

        Assert.True(await Stores.Subscriptions.CreateAsync(subscription, Ct));

        Same.Value(subscription with { CreatedAt = T0, UpdatedAt = T0 }, await Stores.Subscriptions.GetAsync("s1", Ct));
    }

    [Fact]
    public async Task Subscription_without_channels_or_query_round_trips()
    {
        var subscription = Subscription("s1") with { Webhook = null, Email = null, Query = null, Topics = [], Countries = [], CreatedAt = T0.AddDays(-1), UpdatedAt = T0 };

        await Stores.Subscriptions.CreateAsync(subscription, Ct);

        Same.Value(subscription, await Stores.Subscriptions.GetAsync("s1", Ct));
    }

    [Fact]
    public async Task Subscription_create_returns_false_when_the_id_is_taken()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);

        Assert.False(await Stores.Subscriptions.CreateAsync(Subscription("s1", owner: "mallory"), Ct));
        Assert.Equal("alice", (await Stores.Subscriptions.GetAsync("s1", Ct))!.Owner);
    }

    [Fact]
    public async Task Subscription_list_filters_by_owner_oldest_first()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s2", owner: "bob"), Ct);
        Stores.Time.Advance(TimeSpan.FromSeconds(1));
        await Stores.Subscriptions.CreateAsync(Subscription("s1", owner: "alice"), Ct);
        Stores.Time.Advance(TimeSpan.FromSeconds(1));
        await Stores.Subscriptions.CreateAsync(Subscription("s0", owner: "bob"), Ct);

        Assert.Equal(["s2", "s1", "s0"], (await Stores.Subscriptions.ListAsync(null, Ct)).Select(s => s.Id));
        Assert.Equal(["s2", "s0"], (await Stores.Subscriptions.ListAsync("bob", Ct)).Select(s => s.Id));
        Assert.Empty(await Stores.Subscriptions.ListAsync("nobody", Ct));
    }

    [Fact]
    public async Task Subscription_list_enabled_leaves_out_disabled_ones()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("on"), Ct);
        await Stores.Subscriptions.CreateAsync(Subscription("off", enabled: false), Ct);

        Assert.Equal(["on"], (await Stores.Subscriptions.ListEnabledAsync(Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task Subscription_update_replaces_it_but_keeps_its_creation_time()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);
        Stores.Time.Advance(TimeSpan.FromHours(1));
        var edited = Subscription("s1") with
        {
            Name = "Renamed",
            Topics = ["ports"],
            Countries = [],
            MinScore = 0.9,
            RelevantOnly = false,
            Query = null,
            Mode = SubscriptionMode.Instant,
            Webhook = new WebhookChannel("https://hooks.example.org/new", "whsec_bmV3", "slack", Disabled: true),
            Email = null,
            Enabled = false,
            CreatedAt = T0.AddYears(-1),
            FeedToken = "forged",
        };

        Assert.True(await Stores.Subscriptions.UpdateAsync(edited, Ct));

        Same.Value(edited with { CreatedAt = T0, UpdatedAt = T0.AddHours(1), FeedToken = "feed-token-s1" }, await Stores.Subscriptions.GetAsync("s1", Ct));
        Assert.Null(await Stores.Subscriptions.GetByFeedTokenAsync("forged", Ct));
    }

    [Fact]
    public async Task Subscription_created_without_a_feed_token_gets_a_url_safe_one_it_can_be_found_by()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1") with { FeedToken = null }, Ct);
        await Stores.Subscriptions.CreateAsync(Subscription("s2") with { FeedToken = null }, Ct);

        var token = (await Stores.Subscriptions.GetAsync("s1", Ct))!.FeedToken;

        Assert.NotNull(token);
        Assert.Matches("^[A-Za-z0-9_-]{32}$", token);
        Assert.NotEqual(token, (await Stores.Subscriptions.GetAsync("s2", Ct))!.FeedToken);
        Assert.Equal("s1", (await Stores.Subscriptions.GetByFeedTokenAsync(token, Ct))?.Id);
    }

    [Fact]
    public async Task Subscription_is_found_by_its_exact_feed_token_only()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);
        await Stores.Subscriptions.CreateAsync(Subscription("s2"), Ct);

        Assert.Equal("s2", (await Stores.Subscriptions.GetByFeedTokenAsync("feed-token-s2", Ct))?.Id);
        Assert.Null(await Stores.Subscriptions.GetByFeedTokenAsync("FEED-TOKEN-S2", Ct));
        Assert.Null(await Stores.Subscriptions.GetByFeedTokenAsync("feed-token-s", Ct));
        Assert.Null(await Stores.Subscriptions.GetByFeedTokenAsync("", Ct));
    }

    [Fact]
    public async Task Subscription_feed_token_regeneration_retires_the_old_token()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(5));

        var token = await Stores.Subscriptions.RegenerateFeedTokenAsync("s1", Ct);

        Assert.NotNull(token);
        Assert.NotEqual("feed-token-s1", token);
        Assert.Null(await Stores.Subscriptions.GetByFeedTokenAsync("feed-token-s1", Ct));
        var found = await Stores.Subscriptions.GetByFeedTokenAsync(token, Ct);
        Same.Value(Subscription("s1") with { CreatedAt = T0, UpdatedAt = T0.AddMinutes(5), FeedToken = token }, found);
        Assert.Null(await Stores.Subscriptions.RegenerateFeedTokenAsync("ghost", Ct));
    }

    [Fact]
    public async Task Subscriptions_without_a_feed_token_coexist_and_update()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);
        await Stores.Subscriptions.CreateAsync(Subscription("s2"), Ct);
        await StoreAsBeforeFeedsAsync("s1");
        await StoreAsBeforeFeedsAsync("s2");

        Assert.True(await Stores.Subscriptions.UpdateAsync(Subscription("s1") with { Name = "Renamed", FeedToken = null }, Ct));

        Assert.Null((await Stores.Subscriptions.GetAsync("s1", Ct))!.FeedToken);
        Assert.Equal("Renamed", (await Stores.Subscriptions.GetAsync("s1", Ct))!.Name);
        Assert.Null((await Stores.Subscriptions.GetAsync("s2", Ct))!.FeedToken);
        Assert.NotNull(await Stores.Subscriptions.RegenerateFeedTokenAsync("s1", Ct));
    }

    [Fact]
    public async Task Subscription_update_and_delete_report_absence()
    {
        Assert.False(await Stores.Subscriptions.UpdateAsync(Subscription("ghost"), Ct));
        Assert.Null(await Stores.Subscriptions.GetAsync("ghost", Ct));
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);

        Assert.True(await Stores.Subscriptions.DeleteAsync("s1", Ct));
        Assert.False(await Stores.Subscriptions.DeleteAsync("s1", Ct));
        Assert.Null(await Stores.Subscriptions.GetAsync("s1", Ct));
    }

    [Fact]
    public async Task Subscription_create_rejects_a_missing_owner()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Subscriptions.CreateAsync(Subscription("s1", owner: ""), Ct));
    }
}
