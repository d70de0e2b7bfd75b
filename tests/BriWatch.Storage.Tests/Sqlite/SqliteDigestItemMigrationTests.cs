using BriWatch.Storage.Digests;
using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Tests.Sqlite;

/// <summary>A database whose digest items were one per (subscription, story), from before new developments were held.</summary>
public sealed class SqliteDigestItemMigrationTests : IDisposable
{
    private readonly OldSqliteDatabase old = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => old.Dispose();

    [Fact]
    public async Task Old_digest_items_are_kept_as_first_reports_and_a_new_development_of_their_story_can_be_held()
    {
        var path = await OldDatabaseAsync();
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        var items = new SqliteDigestItemStore(storage);

        var old = await items.ListForStoryAsync("story-1", Ct);

        Assert.Equal([("sub-1", "", "dgs_old"), ("sub-2", "", null)], old.Select(i => (i.SubscriptionId, i.Revision, i.DigestId)));
        Assert.Equal(TestData.T0.AddHours(1), await items.NextDueAsync("sub-2", Ct));
        Assert.False(await items.TryAddAsync(Item("sub-1", ""), Ct));
        Assert.True(await items.TryAddAsync(Item("sub-1", "rev_financed") with { Stage = "financed" }, Ct));
        Assert.Equal("financed", (await items.ListForStoryAsync("story-1", Ct))[^1].Stage);
    }

    [Fact]
    public async Task Old_digest_items_keep_the_stage_and_amount_their_payload_reports_and_an_unreadable_payload_does_not_stop_the_upgrade()
    {
        var path = await OldDatabaseAsync();
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        var items = new SqliteDigestItemStore(storage);

        var reported = Assert.Single(await items.ListForStoryAsync("story-2", Ct));
        var unreadable = Assert.Single(await items.ListForStoryAsync("story-3", Ct));

        Assert.Equal(("signed", 1.2e9), (reported.Stage, reported.AmountUsd));
        Assert.Equal(((string?)null, (double?)null, "{not json"), (unreadable.Stage, unreadable.AmountUsd, unreadable.Payload));
        Assert.All(await items.ListForStoryAsync("story-1", Ct), i => Assert.Equal(((string?)null, (double?)null), (i.Stage, i.AmountUsd)));
    }

    [Fact]
    public async Task The_rebuilt_table_has_the_columns_key_and_indexes_of_a_new_database()
    {
        var migrated = await OldDatabaseAsync();
        var fresh = Path.Combine(old.Folder, "fresh.db");

        Assert.Equal(await ShapeAsync(fresh), await ShapeAsync(migrated));
        Assert.Contains("pk:subscription_id,story_id,revision", await ShapeAsync(migrated), StringComparison.Ordinal);
    }

    private static DigestItem Item(string subscriptionId, string revision) => new()
    {
        SubscriptionId = subscriptionId,
        StoryId = "story-1",
        Revision = revision,
        ArticleId = "article-2",
        Payload = "{}",
        MatchedAt = TestData.T0.AddMinutes(5),
        DueAt = TestData.T0.AddHours(2),
    };

    private Task<string> OldDatabaseAsync()
    {
        var t0 = TestData.T0.ToUnixTimeMilliseconds();
        var due = TestData.T0.AddHours(1).ToUnixTimeMilliseconds();
        const string reported = """{"type":"article.matched","data":{"articleId":"article-3","stage":"signed","amountUsd":1200000000}}""";
        return old.CreateAsync(
            $$"""
            CREATE TABLE digest_items (
                subscription_id TEXT NOT NULL, story_id TEXT NOT NULL, article_id TEXT NOT NULL, payload TEXT NOT NULL,
                matched_at INTEGER NOT NULL, due_at INTEGER NOT NULL, digest_id TEXT NULL,
                PRIMARY KEY (subscription_id, story_id));
            CREATE INDEX ix_digest_items_due ON digest_items (digest_id, due_at);
            INSERT INTO digest_items VALUES ('sub-1', 'story-1', 'article-1', '{}', {{t0}}, {{due}}, 'dgs_old');
            INSERT INTO digest_items VALUES ('sub-2', 'story-1', 'article-1', '{}', {{t0 + 1}}, {{due}}, NULL);
            INSERT INTO digest_items VALUES ('sub-3', 'story-2', 'article-3', '{{reported}}', {{t0}}, {{due}}, NULL);
            INSERT INTO digest_items VALUES ('sub-3', 'story-3', 'article-4', '{not json', {{t0}}, {{due}}, NULL);
            """,
            Ct);
    }

    /// <summary>The digest_items table's columns, key and indexes, as the schema code creates them.</summary>
    private static async Task<string> ShapeAsync(string path)
    {
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        await using var connection = await storage.OpenAsync(Ct);
        await using var command = connection.Command("""
            SELECT 'columns:' || (SELECT group_concat(name || ' ' || type || ' ' || "notnull" || ' ' || coalesce(dflt_value, ''), ',') FROM pragma_table_info('digest_items'))
                || ';pk:' || (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('digest_items') WHERE pk > 0 ORDER BY pk))
                || ';indexes:' || (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_list('digest_items') WHERE origin = 'c' ORDER BY name));
            """);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
