using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Digests;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Alerting.Tests;

/// <summary>
/// Digest items that arrive while their digest is being assembled, and items whose stored payload cannot be read:
/// neither may be lost silently, and neither may hold the subscription's other items back.
/// </summary>
public sealed class DigestLateAndBadItemTests
{
    private static readonly DateTimeOffset Due = new(2026, 3, 29, 6, 0, 0, TimeSpan.Zero); // 08:00 Berlin

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Subscription DailyDigest(string url, string secret) =>
        TestData.Subscription("sub-1", url, secret, topics: []) with
        {
            Mode = SubscriptionMode.DigestDaily,
            TimeZone = "Europe/Berlin",
            DigestTime = new TimeOnly(8, 0),
        };

    private static DigestItem HeldItem(Subscription subscription, string storyId, string articleId, string? payload = null) => new()
    {
        SubscriptionId = subscription.Id,
        StoryId = storyId,
        ArticleId = articleId,
        Payload = payload ?? ArticleMatchedPayload.From(TestData.Article(storyId, articleId: articleId), subscription).ToJson(),
        MatchedAt = Due.AddMinutes(-1),
        DueAt = Due,
    };

    [Fact]
    public async Task Item_held_after_its_digest_listed_the_items_is_not_marked_sent_and_goes_out_in_a_follow_up_digest()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        var subscription = DailyDigest(receiver.Url, receiver.Secret);
        await using var host = await StartWithLateItemAsync(subscription);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.PublishAndConsumeAsync(TestData.Article("story-1", articleId: "art-1"));
        host.Time.SetUtcNow(Due);

        Assert.Equal(2, await AssembleAsync(host));
        Assert.Equal(2, await host.DispatchAsync());

        var bodies = receiver.Received.Select(r => r.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Single(bodies, b => b.Contains("art-1", StringComparison.Ordinal) && !b.Contains("art-late", StringComparison.Ordinal));
        Assert.Single(bodies, b => b.Contains("art-late", StringComparison.Ordinal) && !b.Contains("art-1", StringComparison.Ordinal));
        var deliveries = await host.Deliveries.ListAsync("sub-1", null, 10, Ct);
        Assert.Equal([DigestIds.StoryKey(Due), DigestIds.StoryKey(Due)], deliveries.Select(d => d.StoryId));
        Assert.NotEqual(deliveries[0].Id, deliveries[1].Id);
        Assert.Null(await host.Services.GetRequiredService<IDigestItemStore>().NextDueAsync("sub-1", Ct));
    }

    [Fact]
    public async Task Re_assembling_the_follow_up_digest_after_a_crash_creates_nothing_new()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        var subscription = DailyDigest(receiver.Url, receiver.Secret);
        await using var host = await StartWithLateItemAsync(subscription);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.PublishAndConsumeAsync(TestData.Article("story-1", articleId: "art-1"));
        host.Time.SetUtcNow(Due);
        Assert.Equal(2, await AssembleAsync(host));

        // As a crash after the follow-up's delivery was created, before its item was marked sent, leaves it.
        Assert.Equal(1, await ExecuteAsync(host, "UPDATE digest_items SET digest_id = NULL WHERE story_id = 'story-late';"));

        Assert.Equal(1, await AssembleAsync(host));
        Assert.Equal(0, await AssembleAsync(host));
        Assert.Equal(2, (await host.Deliveries.ListAsync("sub-1", null, 10, Ct)).Count);
    }

    [Fact]
    public async Task Item_whose_stored_payload_is_not_json_is_recorded_as_failed_and_the_rest_of_its_digest_and_later_digests_still_go_out()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        var subscription = DailyDigest(receiver.Url, receiver.Secret);
        await using var host = await AlertingTestHost.StartAsync(new FakeTimeProvider(Due.AddHours(-12)));
        await host.Subscriptions.CreateAsync(subscription, Ct);
        var items = host.Services.GetRequiredService<IDigestItemStore>();
        Assert.True(await items.TryAddAsync(HeldItem(subscription, "story-bad", "art-bad", payload: "{not json"), Ct));
        await host.PublishAndConsumeAsync(TestData.Article("story-1", articleId: "art-1"));

        host.Time.SetUtcNow(Due);
        Assert.Equal(1, await host.FireDueDigestTriggersAsync());

        var sent = Assert.Single(receiver.Received);
        Assert.Contains("art-1", sent.Body, StringComparison.Ordinal);
        var failed = Assert.Single(await host.Deliveries.ListAsync("sub-1", DeliveryState.Failed, 10, Ct));
        Assert.Contains("story-bad", failed.LastError, StringComparison.Ordinal);
        Assert.Contains(DigestAssembler.FailedEventType, failed.Payload, StringComparison.Ordinal);
        Assert.Null(await items.NextDueAsync("sub-1", Ct));

        // The next day's digest is not held behind the bad item.
        Assert.Equal(Due.AddDays(1), await host.DigestTriggerAsync("sub-1"));
        await host.PublishAndConsumeAsync(TestData.Article("story-2", articleId: "art-2"));
        host.Time.SetUtcNow(Due.AddDays(1));
        Assert.Equal(1, await host.FireDueDigestTriggersAsync());
        Assert.Equal(2, receiver.Received.Count);
    }

    private static async Task<int> AssembleAsync(AlertingTestHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestAssembler>().AssembleDueAsync("sub-1", Ct);
    }

    private static async Task<int> ExecuteAsync(AlertingTestHost host, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={host.Settings["Storage:Sqlite:Path"]};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>The real store, where another consumer holds an item for the digest just after its first listing returns.</summary>

    /// <summary>A host whose first digest listing is followed at once by a late item for the same digest, as a consumer racing the trigger would add it.</summary>
    private static Task<AlertingTestHost> StartWithLateItemAsync(Subscription subscription) =>
        AlertingTestHost.StartAsync(
            new FakeTimeProvider(Due.AddHours(-12)),
            replace: services => services.AddSingleton(sp => RivalWrite.After<IDigestItemStore>(
                new SqliteDigestItemStore(sp.GetRequiredService<SqliteStorage>()),
                nameof(IDigestItemStore.ListWaitingAsync),
                store => store.TryAddAsync(HeldItem(subscription, "story-late", "art-late"), Ct))));
}
