using BriWatch.Storage.Mongo;
using BriWatch.Storage.Tests.Contract;
using BriWatch.Storage.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>
/// The contract suite against a real MongoDB named by BRIWATCH_TEST_MONGO (a connection string); each test gets its own
/// database, dropped afterwards. Without the variable every test reports itself skipped.
/// </summary>
public sealed class MongoStoreContractTests : StoreContract
{
    public const string Variable = "BRIWATCH_TEST_MONGO";
    private MongoStorage? storage;
    private string? database;

    protected override string? UnavailableReason() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))
            ? $"{Variable} is not set: MongoDB contract suite skipped"
            : null;

    protected override Task<StoreSet> CreateStoresAsync()
    {
        var time = new FakeTimeProvider(TestData.T0);
        database = "briwatch_test_" + Guid.NewGuid().ToString("N");
        storage = new MongoStorage(new StorageOptions
        {
            Provider = StorageProvider.Mongo,
            Mongo = { ConnectionString = Environment.GetEnvironmentVariable(Variable), Database = database },
        });
        return Task.FromResult(new StoreSet(
            time,
            new MongoSourceStore(storage, time),
            new MongoArticleStore(storage),
            new MongoSubscriptionStore(storage, time),
            new MongoDeliveryStore(storage),
            new MongoDiscoveryStore(storage),
            new MongoLeaseStore(storage),
            new MongoStoryIndex(storage),
            storage,
            new MongoDigestItemStore(storage),
            new MongoDailyCapStore(storage)));
    }

    protected override async Task StoreAsBeforeFeedsAsync(string subscriptionId)
    {
        var result = await storage!.Database.GetCollection<BsonDocument>("subscriptions").UpdateOneAsync(
            new BsonDocument("_id", subscriptionId), new BsonDocument("$unset", new BsonDocument("feedToken", "")), cancellationToken: Ct);
        Assert.Equal(1, result.ModifiedCount);
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
