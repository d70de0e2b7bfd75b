using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

/// <summary>
/// The indexes the stores rely on (the WebSub store keeps its own beside its lazy creation), as data so tests can check
/// keys and uniqueness without a server.
/// </summary>
internal static class MongoIndexes
{
    public static IReadOnlyList<CreateIndexModel<SourceDocument>> Sources() =>
    [
        // Ends in _id so the claim's sort (nextAttemptAt, _id) reads the index in order instead of sorting every due source.
        Index(Builders<SourceDocument>.IndexKeys.Ascending(d => d.Enabled).Ascending(d => d.NextAttemptAt).Ascending(d => d.Id), "claimOrder"),
    ];

    /// <summary>Source indexes an older version created and this one replaced; dropped before <see cref="Sources"/> are created.</summary>
    public static IReadOnlyList<string> RetiredSourceIndexes { get; } = ["due"];

    public static IReadOnlyList<CreateIndexModel<OutboxMessageDocument>> OutboxMessages() =>
    [
        // The claim's filter and sort (dueAt, _id), read in index order.
        Index(Builders<OutboxMessageDocument>.IndexKeys.Ascending(d => d.DueAt).Ascending(d => d.Id), "claimOrder"),
        // The backlog's oldest event.
        Index(Builders<OutboxMessageDocument>.IndexKeys.Ascending(d => d.CreatedAt), "oldest"),
    ];

    public static IReadOnlyList<CreateIndexModel<ArticleDocument>> Articles() =>
    [
        Index(Builders<ArticleDocument>.IndexKeys.Descending(d => d.DiscoveredAt).Descending(d => d.Id), "newest"),
        Index(Builders<ArticleDocument>.IndexKeys.Ascending(d => d.StoryId), "story"),
        Index(Builders<ArticleDocument>.IndexKeys.Ascending(d => d.SourceId).Descending(d => d.DiscoveredAt), "source"),
        Index(Builders<ArticleDocument>.IndexKeys.Ascending(d => d.Topics), "topics"),
        Index(Builders<ArticleDocument>.IndexKeys.Ascending(d => d.Countries), "countries"),
    ];

    public static IReadOnlyList<CreateIndexModel<SubscriptionDocument>> Subscriptions() =>
    [
        Index(Builders<SubscriptionDocument>.IndexKeys.Ascending(d => d.Owner).Ascending(d => d.CreatedAt), "owner"),
        // Sparse, so subscriptions stored before feeds existed (no token) do not collide.
        Index(Builders<SubscriptionDocument>.IndexKeys.Ascending(d => d.FeedToken), "feedToken", unique: true, sparse: true),
        // What feeds are looked up by; sparse for the same reason.
        Index(Builders<SubscriptionDocument>.IndexKeys.Ascending(d => d.FeedTokenHash), "feedTokenHash", unique: true, sparse: true),
    ];

    public static IReadOnlyList<CreateIndexModel<DeliveryDocument>> Deliveries() =>
    [
        // One alert per (subscription, story, channel, revision): TryCreate relies on this to stay idempotent.
        Index(
            Builders<DeliveryDocument>.IndexKeys
                .Ascending(d => d.SubscriptionId).Ascending(d => d.StoryId).Ascending(d => d.Channel).Ascending(d => d.Revision),
            "revision",
            unique: true),
        Index(Builders<DeliveryDocument>.IndexKeys.Ascending(d => d.StoryId), "story"),
        // Ends in _id so the claim's sort (nextAttemptAt, _id) reads the index in order instead of sorting a backlog.
        Index(Builders<DeliveryDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.NextAttemptAt).Ascending(d => d.Id), "claimOrder"),
        Index(Builders<DeliveryDocument>.IndexKeys.Descending(d => d.CreatedAt).Descending(d => d.Id), "newest"),
        // The backlog gauges read the oldest pending delivery at every metrics scrape: one index entry, not a scan.
        Index(Builders<DeliveryDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.CreatedAt), "pendingAge"),
    ];

    /// <summary>Delivery indexes an older version created and this one replaced; dropped before <see cref="Deliveries"/> are created.</summary>
    public static IReadOnlyList<string> RetiredDeliveryIndexes { get; } = ["alert", "due"];

    public static IReadOnlyList<CreateIndexModel<StoryFingerprintDocument>> StoryFingerprints() =>
    [
        Index(Builders<StoryFingerprintDocument>.IndexKeys.Ascending(d => d.BandKeys).Descending(d => d.At), "bands"),
    ];

    /// <summary>
    /// TTL (retention, issue 14): the server deletes a fingerprint once <c>at</c> is older than <paramref name="retention"/>.
    /// Made by the story index's purge, which knows the configured retention, not at start-up.
    /// </summary>
    public static CreateIndexModel<StoryFingerprintDocument> StoryFingerprintsExpiry(TimeSpan retention) =>
        new(Builders<StoryFingerprintDocument>.IndexKeys.Ascending(d => d.At), new CreateIndexOptions { Name = ExpiryIndex, ExpireAfter = retention });

    /// <summary>
    /// TTL on settled deliveries only: the partial filter keeps pending ones out of the index, so the server never deletes
    /// them, however old. Made by the delivery store's purge, which knows the configured retention.
    /// </summary>
    public static CreateIndexModel<DeliveryDocument> DeliveriesExpiry(TimeSpan retention) =>
        new(
            Builders<DeliveryDocument>.IndexKeys.Ascending(d => d.CreatedAt),
            new CreateIndexOptions<DeliveryDocument> { Name = ExpiryIndex, ExpireAfter = retention, PartialFilterExpression = SettledDeliveries });

    /// <summary>
    /// Delivered, failed and dead: every state name sorts before <c>Pending</c>, and a partial index filter takes
    /// <c>$lt</c> on every server version (unlike <c>$ne</c>, and <c>$in</c> before MongoDB 6). A test pins the ordering.
    /// </summary>
    public static FilterDefinition<DeliveryDocument> SettledDeliveries { get; } =
        Builders<DeliveryDocument>.Filter.Lt("state", nameof(DeliveryState.Pending));

    public const string ExpiryIndex = "expiry";

    /// <summary>
    /// Creates the TTL index, or changes its <c>expireAfterSeconds</c> in place (collMod) when it exists with another one:
    /// the Retention setting changed since it was made.
    /// </summary>
    public static async Task EnsureExpiryAsync<T>(IMongoCollection<T> collection, CreateIndexModel<T> model, CancellationToken cancellationToken)
    {
        try
        {
            await collection.Indexes.CreateOneAsync(model, cancellationToken: cancellationToken);
        }
        catch (MongoCommandException e) when (e.Code == IndexOptionsConflict)
        {
            await collection.Database.RunCommandAsync<BsonDocument>(
                ChangeExpiry(collection.CollectionNamespace.CollectionName, model.Options.Name, model.Options.ExpireAfter!.Value),
                cancellationToken: cancellationToken);
        }
    }

    public static BsonDocument ChangeExpiry(string collection, string index, TimeSpan expireAfter) => new()
    {
        { "collMod", collection },
        { "index", new BsonDocument { { "name", index }, { "expireAfterSeconds", (long)expireAfter.TotalSeconds } } },
    };

    private const int IndexOptionsConflict = 85;

    public static IReadOnlyList<CreateIndexModel<DigestItemDocument>> DigestItems() =>
    [
        // Subscriptions with waiting items (trigger sync); one subscription's next due digest (each fire); a story's items (matching).
        Index(Builders<DigestItemDocument>.IndexKeys.Ascending(d => d.DigestId).Ascending(d => d.DueAt), "due"),
        Index(Builders<DigestItemDocument>.IndexKeys.Ascending(d => d.SubscriptionId).Ascending(d => d.DigestId).Ascending(d => d.DueAt), "subscription"),
        Index(Builders<DigestItemDocument>.IndexKeys.Ascending(d => d.StoryId), "story"),
    ];

    public static IReadOnlyList<CreateIndexModel<DailyCapCountDocument>> DailyCapCounts() =>
    [
        // An alert takes at most one place per day: the second dispatcher counting it hits this index.
        Index(
            Builders<DailyCapCountDocument>.IndexKeys.Ascending(d => d.SubscriptionId).Ascending(d => d.Day).Ascending(d => d.AlertKey),
            "alert",
            unique: true),
        Index(Builders<DailyCapCountDocument>.IndexKeys.Ascending(d => d.CountedAt), "counted"),
    ];

    // ---- Identity and audit (issue 9). Owner ids and key prefixes are the _id of their documents, hence unique
    // already; users need no other index. ----

    public static IReadOnlyList<CreateIndexModel<ApiKeyDocument>> ApiKeys() =>
    [
        Index(Builders<ApiKeyDocument>.IndexKeys.Ascending(d => d.OwnerId).Ascending(d => d.CreatedAt), "owner"),
        // Defence in depth: two keys with one hash would mean the generator repeated a secret.
        Index(Builders<ApiKeyDocument>.IndexKeys.Ascending(d => d.SecretHash), "secretHash", unique: true),
    ];

    public static IReadOnlyList<CreateIndexModel<AuditRecordDocument>> AuditRecords() =>
    [
        Index(Builders<AuditRecordDocument>.IndexKeys.Descending(d => d.At).Descending(d => d.Id), "newest"),
        Index(Builders<AuditRecordDocument>.IndexKeys.Ascending(d => d.Actor).Descending(d => d.At).Descending(d => d.Id), "actor"),
        Index(
            Builders<AuditRecordDocument>.IndexKeys.Ascending(d => d.TargetType).Ascending(d => d.TargetId).Descending(d => d.At).Descending(d => d.Id),
            "target"),
    ];

    // ---- End of identity and audit. ----

    /// <summary>Drops those of <paramref name="names"/> the collection still has: an index whose keys changed keeps its old name's slot otherwise.</summary>
    public static async Task DropRetiredAsync<T>(IMongoCollection<T> collection, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        using var cursor = await collection.Indexes.ListAsync(cancellationToken);
        var existing = (await cursor.ToListAsync(cancellationToken)).Select(i => i["name"].AsString).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names.Where(existing.Contains))
        {
            await collection.Indexes.DropOneAsync(name, cancellationToken);
        }
    }

    private static CreateIndexModel<T> Index<T>(IndexKeysDefinition<T> keys, string name, bool unique = false, bool sparse = false) =>
        new(keys, new CreateIndexOptions { Name = name, Unique = unique, Sparse = sparse ? true : null });
}
