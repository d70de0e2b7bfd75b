using BriWatch.Storage.Mongo;
using BriWatch.Storage.Tests.Contract;
using BriWatch.Storage.WebSub;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The WebSub subscription contract against the MongoDB named by BRIWATCH_TEST_MONGO; skipped without it.</summary>
public sealed class MongoWebSubSubscriptionStoreTests : WebSubSubscriptionStoreContract
{
    private MongoStorage? storage;
    private MongoWebSubSubscriptionStore? store;
    private string? database;

    protected override string? UnavailableReason() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(MongoStoreContractTests.Variable))
            ? $"{MongoStoreContractTests.Variable} is not set: MongoDB WebSub contract suite skipped"
            : null;

    protected override Task<IWebSubSubscriptionStore> CreateStoreAsync()
    {
        database = "briwatch_test_" + Guid.NewGuid().ToString("N");
        storage = new MongoStorage(new StorageOptions
        {
            Provider = StorageProvider.Mongo,
            Mongo = { ConnectionString = Environment.GetEnvironmentVariable(MongoStoreContractTests.Variable), Database = database },
        });
        store = new MongoWebSubSubscriptionStore(storage);
        return Task.FromResult<IWebSubSubscriptionStore>(store);
    }

    protected override async Task DestroyStoreAsync()
    {
        if (storage is not null)
        {
            await storage.Database.Client.DropDatabaseAsync(database, CancellationToken.None);
            store?.Dispose();
            storage.Dispose();
        }
    }
}
