using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Stories;
using BriWatch.Storage.Validation;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoStoryIndex(MongoStorage storage) : IStoryIndex
{
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
}
