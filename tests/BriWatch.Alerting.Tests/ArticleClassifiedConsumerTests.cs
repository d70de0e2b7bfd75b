using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Alerting.Tests;

public sealed class ArticleClassifiedConsumerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Matching_article_creates_one_pending_delivery_with_the_exact_payload_and_trace()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret(), countries: ["BR"]), Ct);

        await host.PublishAndConsumeAsync(TestData.Article());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryIds.For("sub-1", "story-1", "webhook"), delivery.Id);
        Assert.StartsWith("dlv_", delivery.Id, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Pending, delivery.State);
        Assert.Equal("https://hooks.example.org/a", delivery.Target);
        Assert.Equal(AlertingTestHost.Start, delivery.NextAttemptAt);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", delivery.TraceParent);

        using var json = JsonDocument.Parse(delivery.Payload);
        var root = json.RootElement;
        Assert.Equal("article.matched", root.GetProperty("type").GetString());
        var data = root.GetProperty("data");
        Assert.Equal("art-1", data.GetProperty("articleId").GetString());
        Assert.Equal("story-1", data.GetProperty("storyId").GetString());
        Assert.Equal("https://example.org/news/art-1", data.GetProperty("url").GetString());
        Assert.Equal("sub-1", data.GetProperty("subscriptionId").GetString());
        Assert.Equal("Name of sub-1", data.GetProperty("subscriptionName").GetString());
        Assert.Equal(["BR", "CN"], data.GetProperty("countries").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["sign solar park deal"], data.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0.9, data.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Same_story_consumed_twice_gives_one_delivery()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret()), Ct);

        await host.PublishAndConsumeAsync(TestData.Article());
        await host.PublishAndConsumeAsync(TestData.Article());
        await host.PublishAndConsumeAsync(TestData.Article(articleId: "art-2-syndicated-copy"));

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal("art-1", delivery.ArticleId);
    }

    [Fact]
    public async Task Non_matching_articles_create_no_delivery()
    {
        await using var host = await AlertingTestHost.StartAsync();
        var secret = TestData.NewSecret();
        await host.Subscriptions.CreateAsync(TestData.Subscription("by-topic", "https://h.example.org/1", secret, topics: ["mining_resources"]), Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("by-country", "https://h.example.org/2", secret, countries: ["ZA"]), Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("by-score", "https://h.example.org/3", secret, minScore: 0.95), Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("relevant-only", "https://h.example.org/4", secret), Ct);

        await host.PublishAndConsumeAsync(TestData.Article(relevant: false, storyId: "irrelevant"));
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "relevant"));

        var all = await host.Deliveries.ListAsync(null, null, 100, Ct);
        var only = Assert.Single(all);
        Assert.Equal(("relevant-only", "relevant"), (only.SubscriptionId, only.StoryId));
    }

    [Fact]
    public async Task Match_for_a_subscription_without_a_usable_channel_is_recorded_as_failed_and_the_subscription_disabled_with_the_reason()
    {
        await using var host = await AlertingTestHost.StartAsync();
        var subscription = TestData.Subscription("sub-1", "https://h.example.org/gone", TestData.NewSecret());
        await host.Subscriptions.CreateAsync(subscription with { Webhook = subscription.Webhook! with { Disabled = true } }, Ct);

        await host.PublishAndConsumeAsync(TestData.Article());

        var recorded = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Failed, "https://h.example.org/gone", "art-1"), (recorded.State, recorded.Target, recorded.ArticleId));
        Assert.Contains("no usable channel", recorded.LastError, StringComparison.Ordinal);
        var stored = (await host.Subscriptions.GetAsync("sub-1", Ct))!;
        Assert.False(stored.Enabled);
        Assert.Equal(recorded.LastError, stored.DisabledReason);
        Assert.Equal(0, await host.DispatchAsync());
    }

    [Fact]
    public async Task Topic_and_country_filters_match_any_listed_value_case_insensitively()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://h.example.org/1", TestData.NewSecret(), topics: ["mining_resources", "ENERGY_NEW"], countries: ["za", "br"]), Ct);

        await host.PublishAndConsumeAsync(TestData.Article());

        await host.SingleDeliveryAsync("sub-1");
    }
}
