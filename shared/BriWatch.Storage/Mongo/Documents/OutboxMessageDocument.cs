using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>One pending event; its natural key is the _id, which makes recording it idempotent.</summary>
[BsonIgnoreExtraElements]
internal sealed class OutboxMessageDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("type")] public string Type { get; set; } = "";
    [BsonElement("payload")] public string Payload { get; set; } = "";
    [BsonElement("createdAt")] public DateTime CreatedAt { get; set; }
    [BsonElement("dueAt")] public DateTime DueAt { get; set; }
    [BsonElement("publications")] public int Publications { get; set; }
    [BsonElement("traceParent")] public string? TraceParent { get; set; }
}
