using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Tests.Contract;
using BriWatch.Storage.WebSub;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Tests.Sqlite;

/// <summary>The WebSub subscription contract against SQLite, one temporary database file per test.</summary>
public sealed class SqliteWebSubSubscriptionStoreTests : WebSubSubscriptionStoreContract
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "briwatch-storage-tests", Guid.NewGuid().ToString("N"));
    private SqliteStorage? storage;

    protected override Task<IWebSubSubscriptionStore> CreateStoreAsync()
    {
        storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = Path.Combine(folder, "briwatch.db") } });
        return Task.FromResult<IWebSubSubscriptionStore>(new SqliteWebSubSubscriptionStore(storage));
    }

    protected override Task DestroyStoreAsync()
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
