using BriWatch.Storage.Identity;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Validation;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoApiKeyStore(MongoStorage storage, TimeProvider time) : IApiKeyStore
{
    private static FilterDefinitionBuilder<ApiKeyDocument> Filter => Builders<ApiKeyDocument>.Filter;

    public async Task<ApiKey?> GetAsync(string prefix, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.ApiKeys.Find(ByPrefix(prefix)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string? ownerId, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.ApiKeys.Find(OwnedBy(ownerId))
            .Sort(Builders<ApiKeyDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id))
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<bool> CreateAsync(ApiKey key, CancellationToken cancellationToken)
    {
        IdentityRules.Validate(key);
        await storage.ReadyAsync(cancellationToken);
        var stored = key with { CreatedAt = key.CreatedAt == default ? time.GetUtcNow() : key.CreatedAt };
        return await storage.ApiKeys.InsertUnlessPresentAsync(ApiKeyDocument.From(stored), cancellationToken);
    }

    public async Task<DateTimeOffset?> RevokeAsync(string prefix, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        // Sets the time only on a key not yet revoked, then reads back whichever time it has, so the first revocation stands.
        await storage.ApiKeys.UpdateOneAsync(NotRevoked(prefix), RevokeUpdate(time.GetUtcNow()), cancellationToken: cancellationToken);
        var document = await storage.ApiKeys.Find(ByPrefix(prefix)).FirstOrDefaultAsync(cancellationToken);
        return MongoTime.FromBson(document?.RevokedAt);
    }

    public async Task<bool> RecordUseAsync(string prefix, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var result = await storage.ApiKeys.UpdateOneAsync(UseDue(prefix, now), Builders<ApiKeyDocument>.Update.Set(d => d.LastUsedAt, MongoTime.ToBson(now)), cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }

    internal static FilterDefinition<ApiKeyDocument> ByPrefix(string prefix) => Filter.Eq(d => d.Id, prefix);

    internal static FilterDefinition<ApiKeyDocument> OwnedBy(string? ownerId) => ownerId is null ? Filter.Empty : Filter.Eq(d => d.OwnerId, ownerId);

    internal static FilterDefinition<ApiKeyDocument> NotRevoked(string prefix) => ByPrefix(prefix) & Filter.Eq(d => d.RevokedAt, null);

    internal static UpdateDefinition<ApiKeyDocument> RevokeUpdate(DateTimeOffset now) => Builders<ApiKeyDocument>.Update.Set(d => d.RevokedAt, MongoTime.ToBson(now));

    /// <summary>The key, when its last use is unrecorded or at least <see cref="ApiKeys.LastUsedResolution"/> old.</summary>
    internal static FilterDefinition<ApiKeyDocument> UseDue(string prefix, DateTimeOffset now) =>
        ByPrefix(prefix) & (Filter.Eq(d => d.LastUsedAt, null) | Filter.Lte(d => d.LastUsedAt, MongoTime.ToBson(now - ApiKeys.LastUsedResolution)));
}
