using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Outbox;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoOutboxStore(MongoStorage storage) : IOutboxStore
{
    public async Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await storage.ReadyAsync(cancellationToken);
        await InsertAsync(storage, message, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset redueAt, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await storage.ReadyAsync(cancellationToken);
        var claimed = new List<OutboxMessage>();
        var options = new FindOneAndUpdateOptions<OutboxMessageDocument> { Sort = ClaimOrder, ReturnDocument = ReturnDocument.After };
        // One atomic find-and-modify per event: a concurrent relay's claim moves the event's dueAt past now, so it no
        // longer matches here.
        while (claimed.Count < max
            && await storage.OutboxMessages.FindOneAndUpdateAsync(Due(now), ClaimUpdate(redueAt), options, cancellationToken) is { } document)
        {
            claimed.Add(ToMessage(document));
        }

        return claimed;
    }

    public async Task<bool> CompleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.OutboxMessages.DeleteOneAsync(ById(id), cancellationToken);
        return result.DeletedCount == 1;
    }

    public async Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var pending = await storage.OutboxMessages.CountDocumentsAsync(FilterDefinition<OutboxMessageDocument>.Empty, cancellationToken: cancellationToken);
        var oldest = await storage.OutboxMessages.Find(FilterDefinition<OutboxMessageDocument>.Empty).Sort(OldestFirst).Limit(1).FirstOrDefaultAsync(cancellationToken);
        return new OutboxBacklog(pending, oldest is null ? null : MongoTime.FromBson(oldest.CreatedAt));
    }

    /// <summary>
    /// Records the event unless its id is pending: one single-document upsert that sets fields only on insert, so it is
    /// atomic on its own and a repeat changes nothing.
    /// </summary>
    internal static Task InsertAsync(MongoStorage storage, OutboxMessage message, CancellationToken cancellationToken) =>
        storage.OutboxMessages.UpdateOneAsync(ById(message.Id), InsertOnlyUpdate(message), new UpdateOptions { IsUpsert = true }, cancellationToken);

    internal static FilterDefinition<OutboxMessageDocument> ById(string id) =>
        Builders<OutboxMessageDocument>.Filter.Eq(d => d.Id, id);

    internal static FilterDefinition<OutboxMessageDocument> Due(DateTimeOffset now) =>
        Builders<OutboxMessageDocument>.Filter.Lte(d => d.DueAt, MongoTime.ToBson(now));

    internal static SortDefinition<OutboxMessageDocument> ClaimOrder { get; } =
        Builders<OutboxMessageDocument>.Sort.Ascending(d => d.DueAt).Ascending(d => d.Id);

    internal static SortDefinition<OutboxMessageDocument> OldestFirst { get; } =
        Builders<OutboxMessageDocument>.Sort.Ascending(d => d.CreatedAt);

    internal static UpdateDefinition<OutboxMessageDocument> ClaimUpdate(DateTimeOffset redueAt) =>
        Builders<OutboxMessageDocument>.Update.Set(d => d.DueAt, MongoTime.ToBson(redueAt)).Inc(d => d.Publications, 1);

    internal static UpdateDefinition<OutboxMessageDocument> InsertOnlyUpdate(OutboxMessage message) =>
        Builders<OutboxMessageDocument>.Update
            .SetOnInsert(d => d.Type, message.Type)
            .SetOnInsert(d => d.Payload, message.Payload)
            .SetOnInsert(d => d.CreatedAt, MongoTime.ToBson(message.CreatedAt))
            .SetOnInsert(d => d.DueAt, MongoTime.ToBson(message.DueAt))
            .SetOnInsert(d => d.Publications, message.Publications)
            .SetOnInsert(d => d.TraceParent, message.TraceParent);

    private static OutboxMessage ToMessage(OutboxMessageDocument d) =>
        new(d.Id, d.Type, d.Payload, MongoTime.FromBson(d.CreatedAt), MongoTime.FromBson(d.DueAt), d.Publications, d.TraceParent);
}
