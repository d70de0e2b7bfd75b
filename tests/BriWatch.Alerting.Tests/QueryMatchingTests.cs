using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Alerting.Tests;

public sealed class QueryMatchingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Query_on_deal_amount_and_official_source_selects_the_subscriptions()
    {
        await using var host = await AlertingTestHost.StartAsync();
        var secret = TestData.NewSecret();
        await host.Subscriptions.CreateAsync(TestData.Subscription("big-deals", "https://h.example.org/1", secret) with { Query = "amount_usd>=100M AND official:true" }, Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("huge-deals", "https://h.example.org/2", secret) with { Query = "amount_usd>=1B" }, Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("solar-in-south-africa", "https://h.example.org/3", secret) with { Query = "solar AND country:ZA" }, Ct);
        await host.Services.GetRequiredService<ISourceStore>().CreateAsync(new Source { Id = "source-xinhua", Name = "Xinhua", Url = "https://xinhua.example/rss", Official = true }, Ct);
        var message = TestData.Article() with { AmountUsd = 250e6, Stage = "signed" };

        await host.PublishAndConsumeAsync(message);

        var delivery = Assert.Single(await host.Deliveries.ListAsync(null, null, 10, Ct));
        Assert.Equal("big-deals", delivery.SubscriptionId);
    }

    [Fact]
    public async Task Subscription_index_is_reused_until_the_refresh_interval_passes()
    {
        await using var host = await AlertingTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Alerting:SubscriptionRefreshInterval"] = "00:00:05" });
        await host.Subscriptions.CreateAsync(TestData.Subscription("first", "https://h.example.org/1", TestData.NewSecret()), Ct);
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-1"));

        await host.Subscriptions.CreateAsync(TestData.Subscription("second", "https://h.example.org/2", TestData.NewSecret()), Ct);
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-2"));
        Assert.Empty(await host.Deliveries.ListAsync("second", null, 10, Ct));

        host.Time.Advance(TimeSpan.FromSeconds(5));
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-3"));
        var delivery = Assert.Single(await host.Deliveries.ListAsync("second", null, 10, Ct));
        Assert.Equal("story-3", delivery.StoryId);
    }
}
