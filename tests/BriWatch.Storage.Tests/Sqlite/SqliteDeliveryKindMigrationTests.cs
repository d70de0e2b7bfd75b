using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Tests.Sqlite;

/// <summary>A database whose deliveries were told apart by id markers, from before deliveries had a kind.</summary>
public sealed class SqliteDeliveryKindMigrationTests : IDisposable
{
    private readonly OldSqliteDatabase old = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => old.Dispose();

    [Fact]
    public async Task Old_deliveries_get_their_kind_from_the_markers_they_carry()
    {
        var path = await OldDatabaseAsync();
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        var deliveries = new SqliteDeliveryStore(storage);

        var kinds = (await deliveries.ListAsync(null, null, 10, Ct)).ToDictionary(d => d.Id, d => d.Kind);

        Assert.Equal(
            new Dictionary<string, DeliveryKind>
            {
                ["dlv_alert"] = DeliveryKind.Alert,
                ["dlv_digest"] = DeliveryKind.Digest,
                ["dlv_digest_failed"] = DeliveryKind.Digest,
                ["dlv_test"] = DeliveryKind.EndpointTest,
                // One marker alone is an article's own id, not a marker.
                ["dlv_article_named_digest"] = DeliveryKind.Alert,
            },
            kinds);
    }

    [Fact]
    public async Task Kinds_are_backfilled_once_so_rows_written_after_the_upgrade_keep_theirs()
    {
        var path = await OldDatabaseAsync();
        using (var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } }))
        {
            var deliveries = new SqliteDeliveryStore(storage);
            var marked = TestData.Delivery("dlv_new", storyId: "digest:20261124T1200Z") with { ArticleId = "digest" };
            Assert.True(await deliveries.TryCreateAsync(marked, Ct));
        }

        SqliteConnection.ClearAllPools();
        using var reopened = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });

        Assert.Equal(DeliveryKind.Alert, (await new SqliteDeliveryStore(reopened).GetAsync("dlv_new", Ct))!.Kind);
    }

    /// <summary>The deliveries table as it was before kinds, with rows as alerting wrote them then.</summary>
    private Task<string> OldDatabaseAsync()
    {
        var t0 = TestData.T0.ToUnixTimeMilliseconds();
        return old.CreateAsync(
            $$"""
            CREATE TABLE deliveries (
                id TEXT NOT NULL PRIMARY KEY, subscription_id TEXT NOT NULL, story_id TEXT NOT NULL, article_id TEXT NOT NULL,
                channel TEXT NOT NULL, target TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL, last_error TEXT NULL, created_at INTEGER NOT NULL, delivered_at INTEGER NULL,
                trace_parent TEXT NULL, revision TEXT NOT NULL DEFAULT '', stage TEXT NULL, amount_usd REAL NULL, claim_token TEXT NULL);
            INSERT INTO deliveries (id, subscription_id, story_id, article_id, channel, target, payload, state, attempts, next_attempt_at, created_at, revision)
            VALUES
                ('dlv_alert', 'sub-1', 'story-1', 'article-1', 'webhook', 'https://h.example.org/1', '{}', 'Delivered', 1, {{t0}}, {{t0}}, ''),
                ('dlv_digest', 'sub-1', 'digest:20261124T1200Z', 'digest', 'email', 'a@example.org', '{}', 'Pending', 0, {{t0}}, {{t0 + 1}}, 'items_ab'),
                ('dlv_digest_failed', 'sub-1', 'digest:20261124T1200Z', 'digest', 'email', 'a@example.org', '{}', 'Failed', 0, {{t0}}, {{t0 + 2}}, 'items_cd'),
                ('dlv_test', 'sub-1', 'endpoint-test:0011223344556677', 'endpoint-test', 'webhook', 'https://h.example.org/1', '{}', 'Delivered', 1, {{t0}}, {{t0 + 3}}, ''),
                ('dlv_article_named_digest', 'sub-2', 'story-2', 'digest', 'webhook', 'https://h.example.org/2', '{}', 'Pending', 0, {{t0}}, {{t0 + 4}}, '');
            """,
            Ct);
    }
}
