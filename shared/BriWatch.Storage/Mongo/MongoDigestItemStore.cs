using BriWatch.Storage.Digests;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Validation;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoDigestItemStore(MongoStorage storage) : IDigestItemStore
{
    private static FilterDefinitionBuilder<DigestItemDocument> Filter => Builders<DigestItemDocument>.Filter;

    private static SortDefinitionBuilder<DigestItemDocument> Sort => Builders<DigestItemDocument>.Sort;

    public async Task<bool> TryAddAsync(DigestItem item, CancellationToken cancellationToken)
    {
        DigestItemRules.Validate(item);
        await storage.ReadyAsync(cancellationToken);
        return await storage.DigestItems.InsertUnlessPresentAsync(DigestItemDocument.From(item), cancellationToken);
    }

    public async Task<IReadOnlyList<DigestItem>> ListForStoryAsync(string storyId, CancellationToken cancellationToken)
    {
        DigestItemRules.ValidateKey(storyId, nameof(storyId));
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.DigestItems.Find(StoryFilter(storyId))
            .Sort(Sort.Ascending(d => d.MatchedAt).Ascending(d => d.SubscriptionId).Ascending(d => d.Revision))
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<DateTimeOffset?> NextDueAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        DigestItemRules.ValidateKey(subscriptionId, nameof(subscriptionId));
        await storage.ReadyAsync(cancellationToken);
        var earliest = await storage.DigestItems.Find(SubscriptionWaitingFilter(subscriptionId))
            .Sort(Sort.Ascending(d => d.DueAt))
            .Limit(1)
            .FirstOrDefaultAsync(cancellationToken);
        return earliest is null ? null : MongoTime.FromBson(earliest.DueAt);
    }

    public async Task<IReadOnlyList<DueDigest>> ListNextDueAsync(CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        using var cursor = await storage.DigestItems.AggregateAsync(NextDuePipeline(), cancellationToken: cancellationToken);
        var groups = await cursor.ToListAsync(cancellationToken);
        return [.. groups.Select(g => new DueDigest(g["_id"].AsString, MongoTime.FromBson(g["dueAt"].ToUniversalTime())))];
    }

    public async Task<IReadOnlyList<DigestItem>> ListWaitingAsync(DueDigest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.DigestItems.Find(WaitingFilter(digest))
            .Sort(Sort.Ascending(d => d.MatchedAt).Ascending(d => d.StoryId).Ascending(d => d.Revision))
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<int> MarkSentAsync(DueDigest digest, IReadOnlyCollection<DigestItemKey> items, string digestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(items);
        DigestItemRules.ValidateDigestId(digestId);
        if (items.Count == 0)
        {
            return 0;
        }

        await storage.ReadyAsync(cancellationToken);
        var result = await storage.DigestItems.UpdateManyAsync(
            MarkFilter(digest, items), Builders<DigestItemDocument>.Update.Set(d => d.DigestId, digestId), cancellationToken: cancellationToken);
        return (int)result.ModifiedCount;
    }

    /// <summary>One document per subscription with waiting items, <c>{ _id: subscriptionId, dueAt: earliest }</c>, earliest first.</summary>
    internal static PipelineDefinition<DigestItemDocument, BsonDocument> NextDuePipeline() =>
        new EmptyPipelineDefinition<DigestItemDocument>()
            .Match(Filter.Eq(d => d.DigestId, null))
            .Group<DigestItemDocument, DigestItemDocument, BsonDocument>(
                new BsonDocument { { "_id", "$subscriptionId" }, { "dueAt", new BsonDocument("$min", "$dueAt") } })
            .Sort(new BsonDocument { { "dueAt", 1 }, { "_id", 1 } });

    /// <summary>Items not yet carried by a digest.</summary>
    internal static FilterDefinition<DigestItemDocument> WaitingItems => Filter.Eq(d => d.DigestId, null);

    internal static FilterDefinition<DigestItemDocument> StoryFilter(string storyId) => Filter.Eq(d => d.StoryId, storyId);

    internal static FilterDefinition<DigestItemDocument> SubscriptionWaitingFilter(string subscriptionId) =>
        Filter.Eq(d => d.SubscriptionId, subscriptionId) & Filter.Eq(d => d.DigestId, null);

    internal static FilterDefinition<DigestItemDocument> WaitingFilter(DueDigest digest) =>
        Filter.Eq(d => d.SubscriptionId, digest.SubscriptionId) & Filter.Eq(d => d.DueAt, MongoTime.ToBson(digest.DueAt)) & Filter.Eq(d => d.DigestId, null);

    /// <summary>
    /// The listed items of the digest still waiting, by _id: items stored before revisions existed have no revision
    /// field to match, but their _id is what <see cref="DigestItemDocument.KeyFor"/> gives a first item.
    /// </summary>
    internal static FilterDefinition<DigestItemDocument> MarkFilter(DueDigest digest, IEnumerable<DigestItemKey> items) =>
        WaitingFilter(digest) & Filter.In(d => d.Id, items.Select(k => DigestItemDocument.KeyFor(digest.SubscriptionId, k.StoryId, k.Revision)));
}
