using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>One item key; the key is the _id, which makes recording it idempotent.</summary>
[BsonIgnoreExtraElements]
internal sealed class DiscoveryKeyDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("articleId")] public string ArticleId { get; set; } = "";
    [BsonElement("sourceId")] public string SourceId { get; set; } = "";
    [BsonElement("recordedAt")] public DateTime RecordedAt { get; set; }
}
