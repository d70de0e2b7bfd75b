using BriWatch.Storage.Discoveries;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Validation;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoDiscoveryStore(MongoStorage storage) : IDiscoveryStore
{
    public async Task<bool> AnyKnownAsync(IReadOnlyCollection<string> itemKeys, CancellationToken cancellationToken)
    {
        var keys = KeyRules.Distinct(itemKeys, nameof(itemKeys));
        if (keys.Count == 0)
        {
            return false;
        }

        await storage.ReadyAsync(cancellationToken);
        return await storage.DiscoveryKeys.Find(AnyOf(keys)).Limit(1).AnyAsync(cancellationToken);
    }

    /// <remarks>
    /// Two single-document writes in a fixed order rather than a multi-document transaction: the event is upserted
    /// first, the keys after. A crash between them leaves a pending event and no keys, so the relay publishes the item
    /// and the next poll finds it unknown and records it again; its upsert of the same event id is a no-op, and the
    /// classifier is idempotent on the article id. The keys alone, the state that would lose an item, can never exist
    /// without the event. This needs no replica set (a transaction would, and would make every poll's writes retry
    /// on transient transaction errors), and it is what the contract suite pins for both stores.
    /// </remarks>
    public async Task RecordAsync(string articleId, string sourceId, IReadOnlyCollection<string> itemKeys, OutboxMessage announcement, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(articleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        ArgumentNullException.ThrowIfNull(announcement);
        var keys = KeyRules.NonEmpty(itemKeys, nameof(itemKeys));
        await storage.ReadyAsync(cancellationToken);
        await MongoOutboxStore.InsertAsync(storage, announcement, cancellationToken);
        var writes = keys.Select(key => new UpdateOneModel<DiscoveryKeyDocument>(ByKey(key), InsertOnlyUpdate(articleId, sourceId, announcement.CreatedAt)) { IsUpsert = true });
        try
        {
            await storage.DiscoveryKeys.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            // Only duplicate keys failed: a concurrent recorder stored those keys first, and the rest went through.
        }
    }

    internal static FilterDefinition<DiscoveryKeyDocument> AnyOf(IEnumerable<string> keys) =>
        Builders<DiscoveryKeyDocument>.Filter.In(d => d.Id, keys);

    internal static FilterDefinition<DiscoveryKeyDocument> ByKey(string key) =>
        Builders<DiscoveryKeyDocument>.Filter.Eq(d => d.Id, key);

    /// <summary>Existing keys keep their first article and time.</summary>
    internal static UpdateDefinition<DiscoveryKeyDocument> InsertOnlyUpdate(string articleId, string sourceId, DateTimeOffset at) =>
        Builders<DiscoveryKeyDocument>.Update
            .SetOnInsert(d => d.ArticleId, articleId)
            .SetOnInsert(d => d.SourceId, sourceId)
            .SetOnInsert(d => d.RecordedAt, MongoTime.ToBson(at));
}
