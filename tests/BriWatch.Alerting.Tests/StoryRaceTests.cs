using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Alerting.Tests;

/// <summary>
/// Two articles of one story with different facts, consumed at once, both see no earlier alert: the one that loses the
/// race to create the first report must still be alerted, as the development it is.
/// </summary>
public sealed class StoryRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Development_that_loses_the_race_for_the_first_report_is_alerted_as_a_development()
    {
        await using var host = await AlertingTestHost.StartAsync(replace: services =>
        {
            // The store as the racing consumer sees it: its read of the story's alerts comes back empty, and right after
            // it the other article's consumer creates the first report.
            services.AddSingleton(sp => RivalWrite.After<IDeliveryStore>(
                new SqliteDeliveryStore(sp.GetRequiredService<SqliteStorage>()), nameof(IDeliveryStore.ListForStoryAsync), CreatesFirstReport("announced")));
        });
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret()), Ct);

        await host.PublishAndConsumeAsync(TestData.Article(articleId: "art-2") with { Stage = "signed" });

        var deliveries = (await host.Deliveries.ListForStoryAsync("story-1", Ct)).OrderBy(d => d.Revision, StringComparer.Ordinal).ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.Equal(("", "announced", "art-1"), (deliveries[0].Revision, deliveries[0].Stage, deliveries[0].ArticleId));
        Assert.NotEqual("", deliveries[1].Revision);
        Assert.Equal(("signed", "art-2"), (deliveries[1].Stage, deliveries[1].ArticleId));
        Assert.Contains("\"development\"", deliveries[1].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_that_loses_the_race_with_the_same_facts_creates_nothing_more()
    {
        await using var host = await AlertingTestHost.StartAsync(replace: services =>
            services.AddSingleton(sp => RivalWrite.After<IDeliveryStore>(
                new SqliteDeliveryStore(sp.GetRequiredService<SqliteStorage>()), nameof(IDeliveryStore.ListForStoryAsync), CreatesFirstReport("signed"))));
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret()), Ct);

        await host.PublishAndConsumeAsync(TestData.Article(articleId: "art-2") with { Stage = "signed" });

        Assert.Equal("art-1", Assert.Single(await host.Deliveries.ListForStoryAsync("story-1", Ct)).ArticleId);
    }

    [Fact]
    public async Task Digest_development_that_loses_the_race_for_the_first_report_is_held_as_a_development()
    {
        await using var host = await AlertingTestHost.StartAsync(replace: services =>
            services.AddSingleton(sp => RivalWrite.After<IDigestItemStore>(
                new SqliteDigestItemStore(sp.GetRequiredService<SqliteStorage>()),
                nameof(IDigestItemStore.ListForStoryAsync),
                store => store.TryAddAsync(
                    new DigestItem
                    {
                        SubscriptionId = "sub-1", StoryId = "story-1", Stage = "announced", ArticleId = "art-1", Payload = "{}",
                        MatchedAt = AlertingTestHost.Start, DueAt = AlertingTestHost.Start.AddHours(1),
                    },
                    Ct))));
        await host.Subscriptions.CreateAsync(
            TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret()) with { Mode = SubscriptionMode.DigestHourly },
            Ct);

        await host.PublishAndConsumeAsync(TestData.Article(articleId: "art-2") with { Stage = "signed" });

        var items = host.Services.GetRequiredService<IDigestItemStore>();
        var held = (await items.ListForStoryAsync("story-1", Ct)).OrderBy(i => i.Revision, StringComparer.Ordinal).ToList();
        Assert.Equal(2, held.Count);
        Assert.Equal(("", "art-1"), (held[0].Revision, held[0].ArticleId));
        Assert.Equal(("signed", "art-2"), (held[1].Stage, held[1].ArticleId));
        Assert.Contains("\"development\"", held[1].Payload, StringComparison.Ordinal);
    }

    private static Func<IDeliveryStore, Task> CreatesFirstReport(string stage) =>
        async store => Assert.True(await store.TryCreateAsync(FirstReport(stage), Ct));

    /// <summary>The first report of story-1 to sub-1's webhook, as the winning consumer (article art-1) creates it.</summary>
    private static Delivery FirstReport(string stage) => new()
    {
        Id = DeliveryIds.For("sub-1", "story-1", DeliveryChannels.Webhook),
        SubscriptionId = "sub-1",
        StoryId = "story-1",
        Revision = "",
        Stage = stage,
        ArticleId = "art-1",
        Channel = DeliveryChannels.Webhook,
        Target = "https://hooks.example.org/a",
        Payload = "{}",
        State = DeliveryState.Pending,
        NextAttemptAt = AlertingTestHost.Start,
        CreatedAt = AlertingTestHost.Start,
    };
}
