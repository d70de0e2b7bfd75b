using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Tests.Support;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Subscription_round_trips_every_field_with_times_from_the_clock()
    {
        var subscription = Subscription("s1") with { Enabled = false, DisabledReason = "No usable channel." };

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

    [Theory]
    [InlineData("topics", null)]
    [InlineData("topics", " ")]
    [InlineData("countries", null)]
    [InlineData("countries", "")]
    public async Task Subscription_create_and_update_reject_null_or_blank_topics_and_countries(string field, string? entry)
    {
        var good = Subscription("s1");
        var bad = field == "topics" ? good with { Topics = ["energy_new", entry!] } : good with { Countries = ["BR", entry!] };

        Assert.Contains("[1]", (await Assert.ThrowsAsync<ArgumentException>(() => Stores.Subscriptions.CreateAsync(bad, Ct))).Message, StringComparison.Ordinal);
        await Stores.Subscriptions.CreateAsync(good, Ct);
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Subscriptions.UpdateAsync(bad, Ct));
    }

    [Fact]
    public async Task Subscription_create_rejects_an_undefined_mode()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Stores.Subscriptions.CreateAsync(Subscription("s1") with { Mode = (SubscriptionMode)42 }, Ct));

        Assert.Contains("Mode 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscription_webhook_is_disabled_only_while_it_is_still_the_given_url_and_nothing_else_moves()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);
        Stores.Time.Advance(TimeSpan.FromHours(1));

        Assert.False(await Stores.Subscriptions.DisableWebhookAsync("s1", "https://hooks.example.org/old", "gone", Ct));
        Assert.False((await Stores.Subscriptions.GetAsync("s1", Ct))!.Webhook!.Disabled);

        Assert.True(await Stores.Subscriptions.DisableWebhookAsync("s1", "https://hooks.example.org/s1", "gone", Ct));
        var disabled = (await Stores.Subscriptions.GetAsync("s1", Ct))!;
        // It still has its email channel, so it stays enabled; everything but the flag and the update time is as created.
        Same.Value(
            Subscription("s1") with { Webhook = Subscription("s1").Webhook! with { Disabled = true }, CreatedAt = T0, UpdatedAt = T0.AddHours(1) },
            disabled);
        Assert.False(await Stores.Subscriptions.DisableWebhookAsync("s1", "https://hooks.example.org/s1", "gone", Ct));
        Assert.False(await Stores.Subscriptions.DisableWebhookAsync("ghost", "https://hooks.example.org/s1", "gone", Ct));
    }

    [Fact]
    public async Task Subscription_left_without_a_usable_channel_by_a_disabled_webhook_is_disabled_with_the_reason()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1") with { Email = null }, Ct);

        Assert.True(await Stores.Subscriptions.DisableWebhookAsync("s1", "https://hooks.example.org/s1", "Endpoint gone.", Ct));

        var stored = (await Stores.Subscriptions.GetAsync("s1", Ct))!;
        Assert.Equal((true, false, "Endpoint gone."), (stored.Webhook!.Disabled, stored.Enabled, stored.DisabledReason));
        Assert.DoesNotContain("s1", (await Stores.Subscriptions.ListEnabledAsync(Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task Subscription_email_removal_keeps_a_usable_webhook_and_disables_it_otherwise()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("with-webhook"), Ct);
        await Stores.Subscriptions.CreateAsync(Subscription("webhook-gone") with { Webhook = Subscription("x").Webhook! with { Disabled = true } }, Ct);
        await Stores.Subscriptions.CreateAsync(Subscription("email-only") with { Webhook = null }, Ct);

        Assert.True(await Stores.Subscriptions.RemoveEmailAsync("with-webhook", "unsubscribed", Ct));
        Assert.True(await Stores.Subscriptions.RemoveEmailAsync("webhook-gone", "unsubscribed", Ct));
        Assert.True(await Stores.Subscriptions.RemoveEmailAsync("email-only", "unsubscribed", Ct));
        Assert.False(await Stores.Subscriptions.RemoveEmailAsync("email-only", "unsubscribed", Ct));
        Assert.False(await Stores.Subscriptions.RemoveEmailAsync("ghost", "unsubscribed", Ct));

        var kept = (await Stores.Subscriptions.GetAsync("with-webhook", Ct))!;
        Assert.Equal((null, true, null), (kept.Email, kept.Enabled, kept.DisabledReason));
        Assert.NotNull(kept.Webhook);
        foreach (var id in new[] { "webhook-gone", "email-only" })
        {
            var disabled = (await Stores.Subscriptions.GetAsync(id, Ct))!;
            Assert.Equal((null, false, "unsubscribed"), (disabled.Email, disabled.Enabled, disabled.DisabledReason));
        }
    }

    [Fact]
    public async Task Subscription_disable_records_the_reason_once_and_an_update_clears_it()
    {
        await Stores.Subscriptions.CreateAsync(Subscription("s1"), Ct);

        Assert.True(await Stores.Subscriptions.DisableAsync("s1", "first", Ct));
        Assert.False(await Stores.Subscriptions.DisableAsync("s1", "second", Ct));
        Assert.Equal((false, "first"), ((await Stores.Subscriptions.GetAsync("s1", Ct))!.Enabled, (await Stores.Subscriptions.GetAsync("s1", Ct))!.DisabledReason));

        Assert.True(await Stores.Subscriptions.UpdateAsync(Subscription("s1"), Ct));
        var reenabled = (await Stores.Subscriptions.GetAsync("s1", Ct))!;
        Assert.Equal((true, (string?)null), (reenabled.Enabled, reenabled.DisabledReason));
        Assert.False(await Stores.Subscriptions.DisableAsync("ghost", "x", Ct));
    }
}
