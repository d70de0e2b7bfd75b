using BriWatch.Storage.Audit;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>
/// One audit record. Before and after stay JSON text: both stores then return exactly what was recorded, where a BSON
/// round trip would retype numbers.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class AuditRecordDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("at")] public DateTime At { get; set; }
    [BsonElement("actor")] public string Actor { get; set; } = "";
    [BsonElement("action")] public string Action { get; set; } = "";
    [BsonElement("targetType")] public string TargetType { get; set; } = "";
    [BsonElement("targetId")] public string TargetId { get; set; } = "";
    [BsonElement("before")] public string? Before { get; set; }
    [BsonElement("after")] public string? After { get; set; }

    public static AuditRecordDocument From(AuditRecord record) => new()
    {
        Id = record.Id,
        At = MongoTime.ToBson(record.At),
        Actor = record.Actor,
        Action = record.Action,
        TargetType = record.TargetType,
        TargetId = record.TargetId,
        Before = record.Before,
        After = record.After,
    };

    public AuditRecord ToModel() => new()
    {
        Id = Id,
        At = MongoTime.FromBson(At),
        Actor = Actor,
        Action = Action,
        TargetType = TargetType,
        TargetId = TargetId,
        Before = Before,
        After = After,
    };
}
