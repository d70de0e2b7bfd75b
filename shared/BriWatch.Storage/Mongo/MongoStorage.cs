using BriWatch.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

/// <summary>
/// The MongoDB client and collections. Indexes are created, and stored documents migrated, once: at start-up through
/// <see cref="StorageStartup"/>, or on first use when the server was unreachable then.
/// </summary>
public sealed class MongoStorage : IStoragePing, IDisposable
{
    private readonly MongoClient client;
    private readonly SemaphoreSlim indexLock = new(1, 1);
    private volatile bool indexesReady;

    public MongoStorage(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Mongo.ConnectionString))
        {
            throw new InvalidOperationException("Storage:Mongo:ConnectionString (or ConnectionStrings:Mongo) is empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Mongo.Database))
        {
            throw new InvalidOperationException("Storage:Mongo:Database is empty.");
        }

        client = new MongoClient(options.Mongo.ConnectionString);
        Database = client.GetDatabase(options.Mongo.Database);
        Sources = Database.GetCollection<SourceDocument>("sources");
        Articles = Database.GetCollection<ArticleDocument>("articles");
        Subscriptions = Database.GetCollection<SubscriptionDocument>("subscriptions");
        Deliveries = Database.GetCollection<DeliveryDocument>("deliveries");
        DiscoveryKeys = Database.GetCollection<DiscoveryKeyDocument>("discovery_keys");
        OutboxMessages = Database.GetCollection<OutboxMessageDocument>("outbox_messages");
        Leases = Database.GetCollection<LeaseDocument>("leases");
        StoryFingerprints = Database.GetCollection<StoryFingerprintDocument>("story_fingerprints");
        DigestItems = Database.GetCollection<DigestItemDocument>("digest_items");
        DailyCapCounts = Database.GetCollection<DailyCapCountDocument>("daily_cap_counts");
        Users = Database.GetCollection<UserDocument>("users");
        ApiKeys = Database.GetCollection<ApiKeyDocument>("api_keys");
        AuditRecords = Database.GetCollection<AuditRecordDocument>("audit_records");
    }

    public IMongoDatabase Database { get; }

    internal IMongoCollection<SourceDocument> Sources { get; }

    internal IMongoCollection<ArticleDocument> Articles { get; }

    internal IMongoCollection<SubscriptionDocument> Subscriptions { get; }

    internal IMongoCollection<DeliveryDocument> Deliveries { get; }

    internal IMongoCollection<DiscoveryKeyDocument> DiscoveryKeys { get; }

    internal IMongoCollection<OutboxMessageDocument> OutboxMessages { get; }

    internal IMongoCollection<LeaseDocument> Leases { get; }

    internal IMongoCollection<StoryFingerprintDocument> StoryFingerprints { get; }

    internal IMongoCollection<DigestItemDocument> DigestItems { get; }

    internal IMongoCollection<DailyCapCountDocument> DailyCapCounts { get; }

    internal IMongoCollection<UserDocument> Users { get; }

    internal IMongoCollection<ApiKeyDocument> ApiKeys { get; }

    internal IMongoCollection<AuditRecordDocument> AuditRecords { get; }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken);
        await Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
    }

    /// <summary>Makes sure the indexes exist; every store calls it before touching a collection.</summary>
    internal async Task ReadyAsync(CancellationToken cancellationToken)
    {
        if (indexesReady)
        {
            return;
        }

        await indexLock.WaitAsync(cancellationToken);
        try
        {
            if (indexesReady)
            {
                return;
            }

            // Creating an existing identical index is a no-op, so replicas starting together are harmless.
            await MongoIndexes.DropRetiredAsync(Sources, MongoIndexes.RetiredSourceIndexes, cancellationToken);
            await Sources.Indexes.CreateManyAsync(MongoIndexes.Sources(), cancellationToken);
            await Articles.Indexes.CreateManyAsync(MongoIndexes.Articles(), cancellationToken);
            await Subscriptions.Indexes.CreateManyAsync(MongoIndexes.Subscriptions(), cancellationToken);
            // A retired unique index would keep refusing new developments of an already alerted story.
            await MongoIndexes.DropRetiredAsync(Deliveries, MongoIndexes.RetiredDeliveryIndexes, cancellationToken);
            await Deliveries.Indexes.CreateManyAsync(MongoIndexes.Deliveries(), cancellationToken);
            await MongoDeliveryKinds.MigrateAsync(Deliveries, cancellationToken);
            await StoryFingerprints.Indexes.CreateManyAsync(MongoIndexes.StoryFingerprints(), cancellationToken);
            await OutboxMessages.Indexes.CreateManyAsync(MongoIndexes.OutboxMessages(), cancellationToken);
            await DigestItems.Indexes.CreateManyAsync(MongoIndexes.DigestItems(), cancellationToken);
            await DailyCapCounts.Indexes.CreateManyAsync(MongoIndexes.DailyCapCounts(), cancellationToken);
            await ApiKeys.Indexes.CreateManyAsync(MongoIndexes.ApiKeys(), cancellationToken);
            await AuditRecords.Indexes.CreateManyAsync(MongoIndexes.AuditRecords(), cancellationToken);
            indexesReady = true;
        }
        finally
        {
            indexLock.Release();
        }
    }

    public void Dispose()
    {
        indexLock.Dispose();
        client.Dispose();
    }
}
