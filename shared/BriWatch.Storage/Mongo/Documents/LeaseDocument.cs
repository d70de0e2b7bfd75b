using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>A named lease; the name is the _id, so two replicas can never both insert it.</summary>
[BsonIgnoreExtraElements]
internal sealed class LeaseDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("holder")] public string Holder { get; set; } = "";
    [BsonElement("expiresAt")] public DateTime ExpiresAt { get; set; }
}
