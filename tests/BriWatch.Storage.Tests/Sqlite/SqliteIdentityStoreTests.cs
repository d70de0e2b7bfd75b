using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Storage.Tests.Sqlite;

/// <summary>The identity and audit contract against SQLite, one temporary database file per test.</summary>
public sealed class SqliteIdentityStoreTests : IdentityStoreContract
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "briwatch-storage-tests", Guid.NewGuid().ToString("N"));
    private SqliteStorage? storage;

    protected override Task<IdentityStores> CreateStoresAsync(FakeTimeProvider time)
    {
        storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = Path.Combine(folder, "briwatch.db") } });
        return Task.FromResult(new IdentityStores(
            time, new SqliteUserStore(storage, time), new SqliteApiKeyStore(storage, time), new SqliteAuditLog(storage, time)));
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
