using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.WebSub;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

/// <summary>WebSub subscriptions in their own collection, which this store indexes itself on first use.</summary>
public sealed class MongoWebSubSubscriptionStore(MongoStorage storage) : IWebSubSubscriptionStore, IDisposable
{
    public const string CollectionName = "websub_subscriptions";

    private readonly IMongoCollection<WebSubSubscriptionDocument> collection =
        storage.Database.GetCollection<WebSubSubscriptionDocument>(CollectionName);

    private readonly SemaphoreSlim indexLock = new(1, 1);
    private volatile bool indexesReady;

    private static FilterDefinitionBuilder<WebSubSubscriptionDocument> Filter => Builders<WebSubSubscriptionDocument>.Filter;

    private static UpdateDefinitionBuilder<WebSubSubscriptionDocument> Update => Builders<WebSubSubscriptionDocument>.Update;

    public async Task<WebSubSubscription?> GetBySourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        await ReadyAsync(cancellationToken);
        var document = await collection.Find(Filter.Eq(d => d.SourceId, sourceId)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public async Task<WebSubSubscription?> GetByTokenAsync(string callbackToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callbackToken);
        await ReadyAsync(cancellationToken);
        var document = await collection.Find(ByToken(callbackToken)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public async Task SaveRequestAsync(WebSubSubscription subscription, CancellationToken cancellationToken)
    {
        WebSubRules.Validate(subscription);
        await ReadyAsync(cancellationToken);
        var document = WebSubSubscriptionDocument.From(subscription with
        {
            LeaseExpiresAt = null,
            RenewAt = null,
            DeniedReason = null,
            UpdatedAt = subscription.RequestedAt,
            LastError = null,
            LastErrorAt = null,
        });
        await collection.ReplaceOneAsync(Filter.Eq(d => d.SourceId, subscription.SourceId), document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
    }

    public async Task<bool> ActivateAsync(string callbackToken, DateTimeOffset leaseExpiresAt, DateTimeOffset renewAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callbackToken);
        await ReadyAsync(cancellationToken);
        var result = await collection.UpdateOneAsync(ActivatableFilter(callbackToken), ActivateUpdate(leaseExpiresAt, renewAt, now), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<bool> DenyAsync(string callbackToken, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callbackToken);
        await ReadyAsync(cancellationToken);
        var result = await collection.UpdateOneAsync(ByToken(callbackToken), DenyUpdate(reason, now), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<IReadOnlyList<WebSubSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken);
        var documents = await collection.Find(Filter.Empty).SortBy(d => d.SourceId).ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<bool> RecordProblemAsync(string sourceId, string error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        await ReadyAsync(cancellationToken);
        var result = await collection.UpdateOneAsync(Filter.Eq(d => d.SourceId, sourceId), ProblemUpdate(error, at), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<bool> ClearProblemAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        await ReadyAsync(cancellationToken);
        var result = await collection.UpdateOneAsync(Filter.Eq(d => d.SourceId, sourceId), ClearProblemUpdate(), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<IReadOnlyList<WebSubSubscription>> ClaimRenewalsAsync(DateTimeOffset now, DateTimeOffset retryAt, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAt, now);
        await ReadyAsync(cancellationToken);
        var options = new FindOneAndUpdateOptions<WebSubSubscriptionDocument>
        {
            Sort = Builders<WebSubSubscriptionDocument>.Sort.Ascending(d => d.RenewAt).Ascending(d => d.SourceId),
            ReturnDocument = ReturnDocument.After,
        };
        var claimed = new List<WebSubSubscription>();
        // Each FindOneAndUpdate is atomic on its document; the pushed-back renewal keeps others from matching it again.
        while (claimed.Count < limit)
        {
            var after = await collection.FindOneAndUpdateAsync(RenewalDueFilter(now), Update.Set(d => d.RenewAt, MongoTime.ToBson(retryAt)), options, cancellationToken);
            if (after is null)
            {
                break;
            }

            claimed.Add(after.ToModel());
        }

        return claimed;
    }

    internal static IReadOnlyList<CreateIndexModel<WebSubSubscriptionDocument>> Indexes() =>
    [
        // The callback URL names a subscription by its token, so a token must lead to exactly one.
        new(Builders<WebSubSubscriptionDocument>.IndexKeys.Ascending(d => d.CallbackToken), new CreateIndexOptions { Name = "token", Unique = true }),
        // Ends in _id (the source id) so the renewal claim's sort (renewAt, _id) reads the index in order.
        new(
            Builders<WebSubSubscriptionDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.RenewAt).Ascending(d => d.SourceId),
            new CreateIndexOptions { Name = "renewalOrder" }),
    ];

    /// <summary>Indexes an older version created and this one replaced.</summary>
    internal static IReadOnlyList<string> RetiredIndexes { get; } = ["renewal"];

    internal static FilterDefinition<WebSubSubscriptionDocument> ByToken(string callbackToken) => Filter.Eq(d => d.CallbackToken, callbackToken);

    internal static FilterDefinition<WebSubSubscriptionDocument> ActivatableFilter(string callbackToken) =>
        ByToken(callbackToken) & Filter.Ne(d => d.State, WebSubState.Denied);

    internal static UpdateDefinition<WebSubSubscriptionDocument> ActivateUpdate(DateTimeOffset leaseExpiresAt, DateTimeOffset renewAt, DateTimeOffset now) =>
        Update.Set(d => d.State, WebSubState.Active)
            .Set(d => d.LeaseExpiresAt, MongoTime.ToBson(leaseExpiresAt))
            .Set(d => d.RenewAt, MongoTime.ToBson(renewAt))
            .Set(d => d.UpdatedAt, MongoTime.ToBson(now))
            .Unset(d => d.LastError)
            .Unset(d => d.LastErrorAt);

    internal static UpdateDefinition<WebSubSubscriptionDocument> ProblemUpdate(string error, DateTimeOffset at) =>
        Update.Set(d => d.LastError, error).Set(d => d.LastErrorAt, MongoTime.ToBson(at));

    // Unset rather than null, so a cleared document looks like one that never had a problem.
    internal static UpdateDefinition<WebSubSubscriptionDocument> ClearProblemUpdate() =>
        Update.Unset(d => d.LastError).Unset(d => d.LastErrorAt);

    internal static UpdateDefinition<WebSubSubscriptionDocument> DenyUpdate(string? reason, DateTimeOffset now) =>
        Update.Set(d => d.State, WebSubState.Denied)
            .Set(d => d.DeniedReason, reason)
            .Set(d => d.LeaseExpiresAt, null)
            .Set(d => d.RenewAt, null)
            .Set(d => d.UpdatedAt, MongoTime.ToBson(now));

    internal static FilterDefinition<WebSubSubscriptionDocument> RenewalDueFilter(DateTimeOffset now) =>
        Filter.Eq(d => d.State, WebSubState.Active) & Filter.Lte(d => d.RenewAt, MongoTime.ToBson(now));

    public void Dispose() => indexLock.Dispose();

    private async Task ReadyAsync(CancellationToken cancellationToken)
    {
        if (indexesReady)
        {
            return;
        }

        await indexLock.WaitAsync(cancellationToken);
        try
        {
            if (!indexesReady)
            {
                // Creating an existing identical index is a no-op, so replicas starting together are harmless.
                await MongoIndexes.DropRetiredAsync(collection, RetiredIndexes, cancellationToken);
                await collection.Indexes.CreateManyAsync(Indexes(), cancellationToken);
                indexesReady = true;
            }
        }
        finally
        {
            indexLock.Release();
        }
    }
}
