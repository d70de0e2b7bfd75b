using BriWatch.Storage.Digests;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Validation;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoDigestItemStore(MongoStorage storage) : IDigestItemStore
{
    private static FilterDefinitionBuilder<DigestItemDocument> Filter => Builders<DigestItemDocument>.Filter;

    public async Task<bool> TryAddAsync(DigestItem item, CancellationToken cancellationToken)
    {
        DigestItemRules.Validate(item);
        await storage.ReadyAsync(cancellationToken);
        try
        {
            await storage.DigestItems.InsertOneAsync(DigestItemDocument.From(item), cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<DueDigest>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        DigestItemRules.ValidateMax(max);
        await storage.ReadyAsync(cancellationToken);
        using var cursor = await storage.DigestItems.AggregateAsync(DuePipeline(now, max), cancellationToken: cancellationToken);
        var groups = await cursor.ToListAsync(cancellationToken);
        return [.. groups.Select(g => new DueDigest(g["_id"]["subscriptionId"].AsString, MongoTime.FromBson(g["_id"]["dueAt"].ToUniversalTime())))];
    }

    public async Task<IReadOnlyList<DigestItem>> ListWaitingAsync(DueDigest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.DigestItems.Find(WaitingFilter(digest))
            .Sort(Builders<DigestItemDocument>.Sort.Ascending(d => d.MatchedAt).Ascending(d => d.StoryId))
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<int> MarkSentAsync(DueDigest digest, string digestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        DigestItemRules.ValidateDigestId(digestId);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.DigestItems.UpdateManyAsync(
            WaitingFilter(digest), Builders<DigestItemDocument>.Update.Set(d => d.DigestId, digestId), cancellationToken: cancellationToken);
        return (int)result.ModifiedCount;
    }

    /// <summary>One document per (subscription, due time) with waiting items due by <paramref name="now"/>, earliest first.</summary>
    internal static PipelineDefinition<DigestItemDocument, BsonDocument> DuePipeline(DateTimeOffset now, int max) =>
        new EmptyPipelineDefinition<DigestItemDocument>()
            .Match(DueFilter(now))
            .Group<DigestItemDocument, DigestItemDocument, BsonDocument>(
                new BsonDocument("_id", new BsonDocument { { "subscriptionId", "$subscriptionId" }, { "dueAt", "$dueAt" } }))
            .Sort(new BsonDocument { { "_id.dueAt", 1 }, { "_id.subscriptionId", 1 } })
            .Limit(max);

    internal static FilterDefinition<DigestItemDocument> DueFilter(DateTimeOffset now) =>
        Filter.Eq(d => d.DigestId, null) & Filter.Lte(d => d.DueAt, MongoTime.ToBson(now));

    internal static FilterDefinition<DigestItemDocument> WaitingFilter(DueDigest digest) =>
        Filter.Eq(d => d.SubscriptionId, digest.SubscriptionId) & Filter.Eq(d => d.DueAt, MongoTime.ToBson(digest.DueAt)) & Filter.Eq(d => d.DigestId, null);
}
