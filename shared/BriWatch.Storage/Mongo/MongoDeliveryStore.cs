using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Validation;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoDeliveryStore(MongoStorage storage) : IDeliveryStore
{
    private static FilterDefinitionBuilder<DeliveryDocument> Filter => Builders<DeliveryDocument>.Filter;

    private static UpdateDefinitionBuilder<DeliveryDocument> Update => Builders<DeliveryDocument>.Update;

    public async Task<bool> TryCreateAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        DeliveryRules.Validate(delivery);
        await storage.ReadyAsync(cancellationToken);
        try
        {
            await storage.Deliveries.InsertOneAsync(DeliveryDocument.From(delivery), cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Delivery>> ListForStoryAsync(string storyId, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.Deliveries
            .Find(Filter.Eq(d => d.StoryId, storyId))
            .Sort(Builders<DeliveryDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id))
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<Delivery?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.Deliveries.Find(ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public async Task<IReadOnlyList<Delivery>> ListAsync(string? subscriptionId, DeliveryState? state, int limit, CancellationToken cancellationToken)
    {
        DeliveryRules.ValidateLimit(limit);
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.Deliveries
            .Find(ListFilter(subscriptionId, state))
            .Sort(Builders<DeliveryDocument>.Sort.Descending(d => d.CreatedAt).Descending(d => d.Id))
            .Limit(limit)
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<IReadOnlyList<Delivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        ClaimRules.Validate(lease, max);
        await storage.ReadyAsync(cancellationToken);
        var options = new FindOneAndUpdateOptions<DeliveryDocument>
        {
            Sort = Builders<DeliveryDocument>.Sort.Ascending(d => d.NextAttemptAt).Ascending(d => d.Id),
            ReturnDocument = ReturnDocument.After,
        };
        var claimed = new List<Delivery>();
        // Each FindOneAndUpdate is atomic on its document; the pushed-back time keeps others from matching it again.
        while (claimed.Count < max)
        {
            var after = await storage.Deliveries.FindOneAndUpdateAsync(DueFilter(now), ClaimUpdate(now + lease), options, cancellationToken);
            if (after is null)
            {
                break;
            }

            claimed.Add(after.ToModel());
        }

        return claimed;
    }

    public async Task RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        DeliveryRules.Validate(attempt);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Deliveries.UpdateOneAsync(ById(attempt.DeliveryId), AttemptUpdate(attempt), cancellationToken: cancellationToken);
        if (result.MatchedCount == 0)
        {
            throw DeliveryRules.Missing(attempt.DeliveryId);
        }
    }

    public async Task<bool> ReplayAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Deliveries.UpdateOneAsync(ById(id), ReplayUpdate(now), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    internal static FilterDefinition<DeliveryDocument> ById(string id) => Filter.Eq(d => d.Id, id);

    internal static FilterDefinition<DeliveryDocument> ListFilter(string? subscriptionId, DeliveryState? state)
    {
        var filter = Filter.Empty;
        if (subscriptionId is not null)
        {
            filter &= Filter.Eq(d => d.SubscriptionId, subscriptionId);
        }

        if (state is { } s)
        {
            filter &= Filter.Eq(d => d.State, s);
        }

        return filter;
    }

    internal static FilterDefinition<DeliveryDocument> DueFilter(DateTimeOffset now) =>
        Filter.Eq(d => d.State, DeliveryState.Pending) & Filter.Lte(d => d.NextAttemptAt, MongoTime.ToBson(now));

    internal static UpdateDefinition<DeliveryDocument> ClaimUpdate(DateTimeOffset leaseUntil) =>
        Update.Set(d => d.NextAttemptAt, MongoTime.ToBson(leaseUntil));

    internal static UpdateDefinition<DeliveryDocument> AttemptUpdate(DeliveryAttempt attempt)
    {
        var update = Update
            .Set(d => d.State, attempt.State)
            .Set(d => d.Attempts, attempt.Attempts)
            .Set(d => d.NextAttemptAt, MongoTime.ToBson(attempt.NextAttemptAt))
            .Set(d => d.LastError, attempt.Error);
        return attempt.State == DeliveryState.Delivered ? update.Set(d => d.DeliveredAt, MongoTime.ToBson(attempt.At)) : update;
    }

    internal static UpdateDefinition<DeliveryDocument> ReplayUpdate(DateTimeOffset now) =>
        Update
            .Set(d => d.State, DeliveryState.Pending)
            .Set(d => d.Attempts, 0)
            .Set(d => d.NextAttemptAt, MongoTime.ToBson(now))
            .Set(d => d.LastError, null)
            .Set(d => d.DeliveredAt, null);
}
