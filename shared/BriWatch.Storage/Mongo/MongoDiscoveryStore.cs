using BriWatch.Storage.Discoveries;
using BriWatch.Storage.Mongo.Documents;
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

    public async Task RecordAsync(string articleId, string sourceId, IReadOnlyCollection<string> itemKeys, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(articleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        var keys = KeyRules.NonEmpty(itemKeys, nameof(itemKeys));
        await storage.ReadyAsync(cancellationToken);
        var writes = keys.Select(key => new UpdateOneModel<DiscoveryKeyDocument>(ByKey(key), InsertOnlyUpdate(articleId, sourceId, at)) { IsUpsert = true });
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
