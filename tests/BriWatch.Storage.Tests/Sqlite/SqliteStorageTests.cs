using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Storage.Tests.Sqlite;

public sealed class SqliteStorageTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "briwatch-storage-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creates_the_missing_folder_and_a_wal_mode_database_file()
    {
        var path = Path.Combine(folder, "nested", "briwatch.db");
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });

        await storage.PingAsync(Ct);

        Assert.True(File.Exists(path));
        await using var connection = await storage.OpenAsync(Ct);
        await using var command = connection.Command("PRAGMA journal_mode;");
        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_second_process_on_the_same_file_reuses_the_schema_and_sees_the_data()
    {
        var options = new StorageOptions { Sqlite = { Path = Path.Combine(folder, "shared.db") } };
        using var first = new SqliteStorage(options);
        await new SqliteArticleStore(first).UpsertAsync(TestData.Article("a1", TestData.T0), Ct);

        using var second = new SqliteStorage(options);
        var articles = new SqliteArticleStore(second);

        Assert.Equal(1, await articles.CountAsync(Ct));
        Assert.False(await articles.UpsertAsync(TestData.Article("a1", TestData.T0), Ct));
    }

    [Fact]
    public async Task Unique_indexes_exist_for_every_idempotent_write()
    {
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = Path.Combine(folder, "idx.db") } });
        await using var connection = await storage.OpenAsync(Ct);
        await using var command = connection.Command("SELECT name FROM pragma_index_list('deliveries') WHERE \"unique\" = 1 AND origin = 'c';");

        Assert.Equal("ux_deliveries_revision", await command.ExecuteScalarAsync(Ct));
        await using var columns = connection.Command("SELECT group_concat(name, ',') FROM pragma_index_info('ux_deliveries_revision');");
        Assert.Equal("subscription_id,story_id,channel,revision", await columns.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_database_from_before_developments_loads_its_deliveries_and_accepts_a_new_revision_of_their_story()
    {
        var path = Path.Combine(folder, "old-deliveries.db");
        Directory.CreateDirectory(folder);
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync(Ct);
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE deliveries (
                    id TEXT NOT NULL PRIMARY KEY, subscription_id TEXT NOT NULL, story_id TEXT NOT NULL, article_id TEXT NOT NULL,
                    channel TEXT NOT NULL, target TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL, last_error TEXT NULL, created_at INTEGER NOT NULL, delivered_at INTEGER NULL,
                    trace_parent TEXT NULL);
                CREATE UNIQUE INDEX ux_deliveries_alert ON deliveries (subscription_id, story_id, channel);
                INSERT INTO deliveries VALUES ('d-old', 'sub-1', 'story-1', 'article-story-1', 'webhook', 'https://hooks.example.org/x', '{}', 'Delivered', 1, 0, NULL, 0, 0, NULL);
                """;
            await create.ExecuteNonQueryAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        var deliveries = new SqliteDeliveryStore(storage);

        var loaded = await deliveries.GetAsync("d-old", Ct);

        Assert.Equal("", loaded!.Revision);
        Assert.Null(loaded.Stage);
        Assert.False(await deliveries.TryCreateAsync(TestData.Delivery("d-again"), Ct));
        Assert.True(await deliveries.TryCreateAsync(TestData.Delivery("d-next") with { Revision = "r1", Stage = "signed" }, Ct));
        Assert.Equal(["d-old", "d-next"], (await deliveries.ListForStoryAsync("story-1", Ct)).Select(d => d.Id));
    }

    [Fact]
    public async Task A_database_from_before_feeds_gains_the_feed_token_column_and_its_rows_still_load()
    {
        var path = Path.Combine(folder, "old.db");
        Directory.CreateDirectory(folder);
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync(Ct);
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE subscriptions (
                    id TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, topics TEXT NOT NULL,
                    countries TEXT NOT NULL, min_score REAL NOT NULL, relevant_only INTEGER NOT NULL, query TEXT NULL,
                    mode TEXT NOT NULL, webhook TEXT NULL, email TEXT NULL, enabled INTEGER NOT NULL,
                    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                INSERT INTO subscriptions VALUES ('old-1', 'alice', 'Old', '["rail"]', '[]', 0.5, 1, NULL, 'Instant', NULL, '{"Address":"a@example.org"}', 1, 0, 0);
                INSERT INTO subscriptions VALUES ('old-2', 'bob', 'Older', '[]', '[]', 0, 1, NULL, 'Instant', NULL, '{"Address":"b@example.org"}', 1, 0, 0);
                """;
            await create.ExecuteNonQueryAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        var subscriptions = new SqliteSubscriptionStore(storage, new FakeTimeProvider(TestData.T0), TestSecrets.Protector);

        var loaded = await subscriptions.GetAsync("old-1", Ct);

        Assert.Equal("Old", loaded?.Name);
        Assert.Null(loaded!.FeedToken);
        var token = await subscriptions.RegenerateFeedTokenAsync("old-1", Ct);
        Assert.Equal("old-1", (await subscriptions.GetByFeedTokenAsync(token!, Ct))?.Id);
        Assert.Null((await subscriptions.GetAsync("old-2", Ct))!.FeedToken);
        await using var connection = await storage.OpenAsync(Ct);
        await using var index = connection.Command("SELECT \"unique\" FROM pragma_index_list('subscriptions') WHERE name = 'ux_subscriptions_feed_token';");
        Assert.Equal(1L, await index.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_database_from_before_amount_lists_gains_the_amounts_column_and_its_articles_still_load()
    {
        var path = Path.Combine(folder, "old-articles.db");
        Directory.CreateDirectory(folder);
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync(Ct);
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE articles (
                    id TEXT NOT NULL PRIMARY KEY, source_id TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
                    search_text TEXT NOT NULL, published INTEGER NULL, discovered_at INTEGER NOT NULL, classified_at INTEGER NOT NULL,
                    language TEXT NOT NULL, relevant INTEGER NOT NULL, score REAL NOT NULL, topics TEXT NOT NULL, countries TEXT NOT NULL,
                    story_id TEXT NOT NULL, evidence TEXT NOT NULL, entities TEXT NOT NULL, amount_usd REAL NULL, stage TEXT NULL);
                INSERT INTO articles VALUES ('old-a', 'src', 'https://example.org/a', 'T', 'x', 't x', NULL, 0, 0, 'en', 1, 0.8,
                    '[]', '[]', 'st', '[]', '[]', 1.5e9, 'signed');
                """;
            await create.ExecuteNonQueryAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        var articles = new SqliteArticleStore(storage);

        var loaded = await articles.GetAsync("old-a", Ct);
        await articles.UpsertAsync(TestData.Article("new-a", TestData.T0), Ct);

        Assert.Empty(loaded!.Amounts);
        Assert.Equal(1.5e9, loaded.AmountUsd);
        Assert.Equal(TestData.Article("new-a", TestData.T0).Amounts, (await articles.GetAsync("new-a", Ct))!.Amounts);
    }

    [Fact]
    public async Task A_database_from_before_warnings_gains_the_warning_column_and_its_sources_still_load()
    {
        var path = Path.Combine(folder, "old-sources.db");
        Directory.CreateDirectory(folder);
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync(Ct);
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE sources (
                    id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, language TEXT NULL,
                    country TEXT NULL, official INTEGER NOT NULL, enabled INTEGER NOT NULL, poll_interval_ms INTEGER NOT NULL,
                    options TEXT NOT NULL, next_attempt_at INTEGER NOT NULL, last_fetched_at INTEGER NULL, last_success_at INTEGER NULL,
                    last_new_item_at INTEGER NULL, last_error TEXT NULL, consecutive_failures INTEGER NOT NULL, etag TEXT NULL,
                    last_modified TEXT NULL, stale INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                INSERT INTO sources VALUES ('old-src', 'Old', 'https://example.org/feed.xml', 'Rss', 'en', NULL, 0, 1, 600000, '{}',
                    0, NULL, NULL, NULL, 'HTTP 503', 1, NULL, NULL, 0, 0, 0);
                """;
            await create.ExecuteNonQueryAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        var sources = new SqliteSourceStore(storage, new FakeTimeProvider(TestData.T0));

        var loaded = await sources.GetAsync("old-src", Ct);
        await sources.RecordFetchSuccessAsync("old-src", new Sources.FetchSuccess(TestData.T0, TestData.T0.AddMinutes(10), null, null, 1, "kept 1 recovered item"), Ct);

        Assert.Equal("HTTP 503", loaded!.Crawl.LastError);
        Assert.Null(loaded.Crawl.LastWarning);
        Assert.Equal("kept 1 recovered item", (await sources.GetAsync("old-src", Ct))!.Crawl.LastWarning);
    }

    [Fact]
    public async Task A_database_from_before_websub_errors_gains_the_error_columns_and_its_subscriptions_still_load()
    {
        var path = Path.Combine(folder, "old-websub.db");
        Directory.CreateDirectory(folder);
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync(Ct);
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE websub_subscriptions (
                    source_id TEXT NOT NULL PRIMARY KEY, hub TEXT NOT NULL, topic TEXT NOT NULL, secret TEXT NOT NULL,
                    callback_token TEXT NOT NULL, state TEXT NOT NULL, lease_expires_at INTEGER NULL, renew_at INTEGER NULL,
                    denied_reason TEXT NULL, requested_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                INSERT INTO websub_subscriptions VALUES ('old-src', 'https://hub.example.org/', 'https://example.org/feed.xml', 's3cret',
                    'old-token', 'Pending', NULL, NULL, NULL, 0, 0);
                """;
            await create.ExecuteNonQueryAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = path } });
        var subscriptions = new SqliteWebSubSubscriptionStore(storage);

        var loaded = await subscriptions.GetBySourceAsync("old-src", Ct);
        Assert.True(await subscriptions.RecordProblemAsync("old-src", "hub answered HTTP 400", TestData.T0, Ct));

        Assert.Null(loaded!.LastError);
        Assert.Equal("old-token", loaded.CallbackToken);
        Assert.Equal("hub answered HTTP 400", (await subscriptions.GetBySourceAsync("old-src", Ct))!.LastError);
    }

    [Fact]
    public void Rejects_an_empty_path_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SqliteStorage(new StorageOptions { Sqlite = { Path = " " } }));

        Assert.Contains("Storage:Sqlite:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_bookkeeping_for_a_source_deleted_mid_crawl_reports_it_missing()
    {
        using var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = Path.Combine(folder, "gone.db") } });
        var sources = new SqliteSourceStore(storage, new FakeTimeProvider(TestData.T0));
        await sources.CreateAsync(TestData.Source("a"), Ct);
        await sources.ClaimDueAsync(TestData.T0, TimeSpan.FromMinutes(1), 1, Ct);
        await sources.DeleteAsync("a", Ct);

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => sources.RecordFetchFailureAsync("a", new Sources.FetchFailure("x", TestData.T0, TestData.T0), Ct));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
