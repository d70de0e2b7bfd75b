using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Validation;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoDeliveryStore(MongoStorage storage) : IDeliveryStore
{
    private TimeSpan? expiryIndexMadeFor;

    private static FilterDefinitionBuilder<DeliveryDocument> Filter => Builders<DeliveryDocument>.Filter;

    private static UpdateDefinitionBuilder<DeliveryDocument> Update => Builders<DeliveryDocument>.Update;

    public async Task<bool> TryCreateAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        DeliveryRules.Validate(delivery);
        await storage.ReadyAsync(cancellationToken);
        return await storage.Deliveries.InsertUnlessPresentAsync(DeliveryDocument.From(delivery), cancellationToken);
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

    public async Task<PendingBacklog> GetPendingBacklogAsync(CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var retrying = await storage.Deliveries.CountDocumentsAsync(RetryingFilter, cancellationToken: cancellationToken);
        var oldest = await storage.Deliveries.Find(PendingFilter)
            .Sort(OldestFirst)
            .Project(d => d.CreatedAt)
            .Limit(1)
            .ToListAsync(cancellationToken);
        return new PendingBacklog(retrying, oldest.Count == 0 ? null : MongoTime.FromBson(oldest[0]));
    }

    internal static FilterDefinition<DeliveryDocument> PendingFilter => Filter.Eq(d => d.State, DeliveryState.Pending);

    internal static FilterDefinition<DeliveryDocument> RetryingFilter => PendingFilter & Filter.Gt(d => d.Attempts, 0);

    internal static SortDefinition<DeliveryDocument> OldestFirst => Builders<DeliveryDocument>.Sort.Ascending(d => d.CreatedAt);

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
            var after = await storage.Deliveries.FindOneAndUpdateAsync(DueFilter(now), ClaimUpdate(now + lease, NewClaimToken()), options, cancellationToken);
            if (after is null)
            {
                break;
            }

            claimed.Add(after.ToModel());
        }

        return claimed;
    }

    public async Task<bool> RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        DeliveryRules.Validate(attempt);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Deliveries.UpdateOneAsync(AttemptFilter(attempt), AttemptUpdate(attempt), cancellationToken: cancellationToken);
        if (result.MatchedCount == 1)
        {
            return true;
        }

        return await ExistsAsync(attempt.DeliveryId, cancellationToken) ? false : throw DeliveryRules.Missing(attempt.DeliveryId);
    }

    public async Task<ReplayResult> ReplayAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Deliveries.UpdateOneAsync(ReplayFilter(id), ReplayUpdate(now), cancellationToken: cancellationToken);
        if (result.MatchedCount == 1)
        {
            return ReplayResult.Replayed;
        }

        return await ExistsAsync(id, cancellationToken) ? ReplayResult.StillPending : ReplayResult.NotFound;
    }

    private async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken) =>
        await storage.Deliveries.Find(ById(id)).Limit(1).CountDocumentsAsync(cancellationToken) == 1;

    /// <summary>
    /// Keeps the TTL index at the retention (the server then deletes expired settled deliveries by itself, also when no
    /// purge runs), and deletes the oldest expired batch now: the server's TTL pass runs only once a minute.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken)
    {
        var cutoff = RetentionRules.Cutoff(now, retention, max);
        await storage.ReadyAsync(cancellationToken);
        if (expiryIndexMadeFor != retention)
        {
            await MongoIndexes.EnsureExpiryAsync(storage.Deliveries, MongoIndexes.DeliveriesExpiry(retention), cancellationToken);
            expiryIndexMadeFor = retention;
        }

        var ids = await storage.Deliveries.Find(ExpiredFilter(cutoff)).Sort(OldestFirst).Limit(max).Project(d => d.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        // The state is checked again as each is deleted: one replayed (made pending) since it was read stays.
        var result = await storage.Deliveries.DeleteManyAsync(Filter.In(d => d.Id, ids) & MongoIndexes.SettledDeliveries, cancellationToken);
        return (int)result.DeletedCount;
    }

    internal static FilterDefinition<DeliveryDocument> ExpiredFilter(DateTimeOffset cutoff) =>
        Filter.Lt(d => d.CreatedAt, MongoTime.ToBson(cutoff)) & MongoIndexes.SettledDeliveries;

    internal static string NewClaimToken() => Guid.NewGuid().ToString("N");

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

    /// <summary>A token per claim: recording the attempt requires it, so an attempt this claim outlived cannot.</summary>
    internal static UpdateDefinition<DeliveryDocument> ClaimUpdate(DateTimeOffset leaseUntil, string claimToken) =>
        Update.Set(d => d.NextAttemptAt, MongoTime.ToBson(leaseUntil)).Set(d => d.ClaimToken, claimToken);

    /// <summary>With a claim token, only the still-pending delivery under that claim; without, the delivery whatever its state.</summary>
    internal static FilterDefinition<DeliveryDocument> AttemptFilter(DeliveryAttempt attempt) =>
        attempt.ClaimToken is { } token
            ? ById(attempt.DeliveryId) & Filter.Eq(d => d.ClaimToken, token) & Filter.Eq(d => d.State, DeliveryState.Pending)
            : ById(attempt.DeliveryId);

    internal static UpdateDefinition<DeliveryDocument> AttemptUpdate(DeliveryAttempt attempt)
    {
        var update = Update
            .Set(d => d.State, attempt.State)
            .Set(d => d.Attempts, attempt.Attempts)
            .Set(d => d.NextAttemptAt, MongoTime.ToBson(attempt.NextAttemptAt))
            .Set(d => d.LastError, attempt.Error);
        if (attempt.Target is { } target)
        {
            update = update.Set(d => d.Target, target);
        }

        return attempt.State == DeliveryState.Delivered ? update.Set(d => d.DeliveredAt, MongoTime.ToBson(attempt.At)) : update;
    }

    /// <summary>Only finished deliveries: a pending one is due or in flight, and replaying it would let two attempts race.</summary>
    internal static FilterDefinition<DeliveryDocument> ReplayFilter(string id) =>
        ById(id) & Filter.In(d => d.State, [DeliveryState.Delivered, DeliveryState.Failed, DeliveryState.Dead]);

    internal static UpdateDefinition<DeliveryDocument> ReplayUpdate(DateTimeOffset now) =>
        Update
            .Set(d => d.State, DeliveryState.Pending)
            .Set(d => d.Attempts, 0)
            .Set(d => d.NextAttemptAt, MongoTime.ToBson(now))
            .Set(d => d.LastError, null)
            .Set(d => d.DeliveredAt, null)
            .Unset(d => d.ClaimToken);
}
