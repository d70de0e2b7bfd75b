using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Stories;
using BriWatch.Storage.Validation;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoStoryIndex(MongoStorage storage) : IStoryIndex
{
    private TimeSpan? expiryIndexMadeFor;

    internal static SortDefinition<StoryFingerprintDocument> Newest =>
        Builders<StoryFingerprintDocument>.Sort.Descending(d => d.At).Descending(d => d.Id);

    public async Task<IReadOnlyList<StoryFingerprint>> FindByBandsAsync(IReadOnlyCollection<string> bandKeys, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var keys = KeyRules.Distinct(bandKeys, nameof(bandKeys));
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (keys.Count == 0)
        {
            return [];
        }

        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.StoryFingerprints.Find(BandFilter(keys, since)).Sort(Newest).Limit(max).ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task AddAsync(StoryFingerprint fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint.ArticleId, nameof(fingerprint));
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint.StoryId, nameof(fingerprint));
        ArgumentNullException.ThrowIfNull(fingerprint.Signature, nameof(fingerprint));
        var document = StoryFingerprintDocument.From(fingerprint, KeyRules.Distinct(fingerprint.BandKeys, nameof(fingerprint)));
        await storage.ReadyAsync(cancellationToken);
        var byId = Builders<StoryFingerprintDocument>.Filter.Eq(d => d.Id, fingerprint.ArticleId);
        try
        {
            await storage.StoryFingerprints.ReplaceOneAsync(byId, document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            // A concurrent add inserted it first; replace that copy, which now exists.
            await storage.StoryFingerprints.ReplaceOneAsync(byId, document, cancellationToken: cancellationToken);
        }
    }

    internal static FilterDefinition<StoryFingerprintDocument> BandFilter(IEnumerable<string> keys, DateTimeOffset since) =>
        Builders<StoryFingerprintDocument>.Filter.AnyIn(d => d.BandKeys, keys)
        & Builders<StoryFingerprintDocument>.Filter.Gte(d => d.At, MongoTime.ToBson(since));

    /// <summary>
    /// Keeps the TTL index at the retention (the server then deletes expired fingerprints by itself, also when no purge
    /// runs), and deletes the oldest expired batch now: the server's TTL pass runs only once a minute.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken)
    {
        var cutoff = RetentionRules.Cutoff(now, retention, max);
        await storage.ReadyAsync(cancellationToken);
        if (expiryIndexMadeFor != retention)
        {
            await MongoIndexes.EnsureExpiryAsync(storage.StoryFingerprints, MongoIndexes.StoryFingerprintsExpiry(retention), cancellationToken);
            expiryIndexMadeFor = retention;
        }

        var ids = await storage.StoryFingerprints.Find(RecordedBefore(cutoff)).Sort(OldestFirst).Limit(max)
            .Project(d => d.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        var result = await storage.StoryFingerprints.DeleteManyAsync(Builders<StoryFingerprintDocument>.Filter.In(d => d.Id, ids), cancellationToken);
        return (int)result.DeletedCount;
    }

    internal static SortDefinition<StoryFingerprintDocument> OldestFirst =>
        Builders<StoryFingerprintDocument>.Sort.Ascending(d => d.At).Ascending(d => d.Id);

    internal static FilterDefinition<StoryFingerprintDocument> RecordedBefore(DateTimeOffset cutoff) =>
        Builders<StoryFingerprintDocument>.Filter.Lt(d => d.At, MongoTime.ToBson(cutoff));
}
