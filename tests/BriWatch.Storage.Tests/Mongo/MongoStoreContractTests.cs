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
            new MongoSubscriptionStore(storage, time, TestSecrets.Protector),
            new MongoDeliveryStore(storage),
            new MongoDiscoveryStore(storage),
            new MongoLeaseStore(storage),
            new MongoStoryIndex(storage),
            storage,
            new MongoDigestItemStore(storage),
            new MongoDailyCapStore(storage),
            new MongoOutboxStore(storage)));
    }

    protected override async Task StoreAsBeforeFeedsAsync(string subscriptionId)
    {
        var result = await storage!.Database.GetCollection<BsonDocument>("subscriptions").UpdateOneAsync(
            new BsonDocument("_id", subscriptionId), new BsonDocument("$unset", new BsonDocument { { "feedToken", "" }, { "feedTokenHash", "" } }), cancellationToken: Ct);
        Assert.Equal(1, result.ModifiedCount);
    }

    protected override async Task StoreAsBeforeEncryptionAsync(string subscriptionId, string secret)
    {
        var result = await storage!.Database.GetCollection<BsonDocument>("subscriptions").UpdateOneAsync(
            new BsonDocument("_id", subscriptionId),
            new BsonDocument
            {
                { "$set", new BsonDocument("webhook.secret", secret) },
                { "$unset", new BsonDocument { { "feedTokenHash", "" }, { "webhook.previousSecret", "" }, { "webhook.previousSecretExpiresAt", "" } } },
            },
            cancellationToken: Ct);
        Assert.Equal(1, result.MatchedCount);
    }

    protected override async Task<(string Secret, string? Previous)> StoredWebhookSecretsAsync(string subscriptionId)
    {
        var document = await storage!.Database.GetCollection<BsonDocument>("subscriptions").Find(new BsonDocument("_id", subscriptionId)).SingleAsync(Ct);
        var webhook = document["webhook"].AsBsonDocument;
        return (webhook["secret"].AsString, webhook.TryGetValue("previousSecret", out var previous) ? previous.AsString : null);
    }

    [Fact]
    public async Task Deliveries_stored_before_kinds_get_theirs_from_their_markers_at_start_up()
    {
        _ = Stores;
        var raw = storage!.Database.GetCollection<BsonDocument>("deliveries");
        await raw.InsertManyAsync(
            [
                OldDelivery("dlv_alert", "story-1", "article-1"),
                OldDelivery("dlv_digest", "digest:20261124T1200Z", "digest"),
                OldDelivery("dlv_test", "endpoint-test:0011223344556677", "endpoint-test"),
                OldDelivery("dlv_article_named_digest", "story-2", "digest"),
            ],
            cancellationToken: Ct);

        // A new process: its start-up migrates the stored documents.
        using var restarted = new MongoStorage(new StorageOptions
        {
            Provider = StorageProvider.Mongo,
            Mongo = { ConnectionString = Environment.GetEnvironmentVariable(Variable), Database = database! },
        });
        var kinds = (await new MongoDeliveryStore(restarted).ListAsync(null, null, 10, Ct)).ToDictionary(d => d.Id, d => d.Kind);

        Assert.Equal(
            new Dictionary<string, Deliveries.DeliveryKind>
            {
                ["dlv_alert"] = Deliveries.DeliveryKind.Alert,
                ["dlv_digest"] = Deliveries.DeliveryKind.Digest,
                ["dlv_test"] = Deliveries.DeliveryKind.EndpointTest,
                ["dlv_article_named_digest"] = Deliveries.DeliveryKind.Alert,
            },
            kinds);
        Assert.Equal(0, await raw.CountDocumentsAsync(new BsonDocument("kind", new BsonDocument("$exists", false)), cancellationToken: Ct));
    }

    /// <summary>A delivery document as stored before deliveries had a kind.</summary>
    private static BsonDocument OldDelivery(string id, string storyId, string articleId) => new()
    {
        ["_id"] = id,
        ["subscriptionId"] = "sub-1",
        ["storyId"] = storyId,
        ["articleId"] = articleId,
        ["channel"] = "webhook",
        ["target"] = "https://h.example.org/1",
        ["payload"] = "{}",
        ["state"] = "Delivered",
        ["attempts"] = 1,
        ["nextAttemptAt"] = TestData.T0.UtcDateTime,
        ["lastError"] = BsonNull.Value,
        ["createdAt"] = TestData.T0.UtcDateTime,
        ["deliveredAt"] = BsonNull.Value,
        ["traceParent"] = BsonNull.Value,
        ["revision"] = "",
        ["stage"] = BsonNull.Value,
        ["amountUsd"] = BsonNull.Value,
    };

    protected override async Task DestroyStoresAsync()
    {
        if (storage is not null)
        {
            await storage.Database.Client.DropDatabaseAsync(database, CancellationToken.None);
            storage.Dispose();
        }
    }
}
