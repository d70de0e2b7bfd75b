using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Tests.Contract;
using BriWatch.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Storage.Tests.Sqlite;

/// <summary>The contract suite against SQLite, one temporary database file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContract
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "briwatch-storage-tests", Guid.NewGuid().ToString("N"));
    private SqliteStorage? storage;

    protected override Task<StoreSet> CreateStoresAsync()
    {
        var time = new FakeTimeProvider(TestData.T0);
        storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = Path.Combine(folder, "briwatch.db") } });
        return Task.FromResult(new StoreSet(
            time,
            new SqliteSourceStore(storage, time),
            new SqliteArticleStore(storage),
            new SqliteSubscriptionStore(storage, time, TestSecrets.Protector),
            new SqliteDeliveryStore(storage),
            new SqliteDiscoveryStore(storage),
            new SqliteLeaseStore(storage),
            new SqliteStoryIndex(storage),
            storage,
            new SqliteDigestItemStore(storage),
            new SqliteDailyCapStore(storage),
            new SqliteOutboxStore(storage)));
    }

    protected override async Task StoreAsBeforeFeedsAsync(string subscriptionId)
    {
        await using var connection = await storage!.OpenAsync(Ct);
        await using var command = connection.Command("UPDATE subscriptions SET feed_token = NULL, feed_token_hash = NULL WHERE id = @id;").With("@id", subscriptionId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    protected override async Task StoreAsBeforeEncryptionAsync(string subscriptionId, string secret)
    {
        await using var connection = await storage!.OpenAsync(Ct);
        await using var command = connection.Command("""
            UPDATE subscriptions SET webhook = json_object('url', json_extract(webhook, '$.url'), 'secret', @secret, 'format', 'standard', 'disabled', json('false')),
                feed_token_hash = NULL
            WHERE id = @id;
            """).With("@id", subscriptionId).With("@secret", secret);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    protected override async Task<(string Secret, string? Previous)> StoredWebhookSecretsAsync(string subscriptionId)
    {
        await using var connection = await storage!.OpenAsync(Ct);
        await using var command = connection.Command("SELECT json_extract(webhook, '$.secret'), json_extract(webhook, '$.previousSecret') FROM subscriptions WHERE id = @id;")
            .With("@id", subscriptionId);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    protected override Task DestroyStoresAsync()
    {
        storage?.Dispose();
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }
}
