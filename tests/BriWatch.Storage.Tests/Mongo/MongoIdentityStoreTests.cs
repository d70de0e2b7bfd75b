using BriWatch.Storage.Mongo;
using BriWatch.Storage.Tests.Contract;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The identity and audit contract against the MongoDB named by BRIWATCH_TEST_MONGO; skipped without it.</summary>
public sealed class MongoIdentityStoreTests : IdentityStoreContract
{
    private MongoStorage? storage;
    private string? database;

    protected override string? UnavailableReason() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(MongoStoreContractTests.Variable))
            ? $"{MongoStoreContractTests.Variable} is not set: MongoDB identity contract suite skipped"
            : null;

    protected override Task<IdentityStores> CreateStoresAsync(FakeTimeProvider time)
    {
        database = "briwatch_test_" + Guid.NewGuid().ToString("N");
        storage = new MongoStorage(new StorageOptions
        {
            Provider = StorageProvider.Mongo,
            Mongo = { ConnectionString = Environment.GetEnvironmentVariable(MongoStoreContractTests.Variable), Database = database },
        });
        return Task.FromResult(new IdentityStores(
            time, new MongoUserStore(storage, time), new MongoApiKeyStore(storage, time), new MongoAuditLog(storage, time)));
    }

    protected override async Task DestroyStoresAsync()
    {
        if (storage is not null)
        {
            await storage.Database.Client.DropDatabaseAsync(database, CancellationToken.None);
            storage.Dispose();
        }
    }
}
