using BriWatch.Storage.Identity;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>An API key; the prefix is the _id, so it is unique and every lookup by prefix uses the _id index.</summary>
[BsonIgnoreExtraElements]
internal sealed class ApiKeyDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("ownerId")] public string OwnerId { get; set; } = "";
    [BsonElement("secretHash")] public string SecretHash { get; set; } = "";
    /// <summary>Scope names, so the collection reads plainly in a shell.</summary>
    [BsonElement("scopes")] public List<string> Scopes { get; set; } = [];
    [BsonElement("createdAt")] public DateTime CreatedAt { get; set; }
    [BsonElement("expiresAt")] public DateTime? ExpiresAt { get; set; }
    [BsonElement("lastUsedAt")] public DateTime? LastUsedAt { get; set; }
    [BsonElement("revokedAt")] public DateTime? RevokedAt { get; set; }

    public static ApiKeyDocument From(ApiKey key) => new()
    {
        Id = key.Prefix,
        OwnerId = key.OwnerId,
        SecretHash = key.SecretHash,
        Scopes = [.. ApiKeyScopeNames.Format(key.Scopes)],
        CreatedAt = MongoTime.ToBson(key.CreatedAt),
        ExpiresAt = MongoTime.ToBson(key.ExpiresAt),
        LastUsedAt = MongoTime.ToBson(key.LastUsedAt),
        RevokedAt = MongoTime.ToBson(key.RevokedAt),
    };

    public ApiKey ToModel() => new()
    {
        Prefix = Id,
        OwnerId = OwnerId,
        SecretHash = SecretHash,
        Scopes = ApiKeyScopeNames.ParseStored(Scopes, "scopes"),
        CreatedAt = MongoTime.FromBson(CreatedAt),
        ExpiresAt = MongoTime.FromBson(ExpiresAt),
        LastUsedAt = MongoTime.FromBson(LastUsedAt),
        RevokedAt = MongoTime.FromBson(RevokedAt),
    };
}
