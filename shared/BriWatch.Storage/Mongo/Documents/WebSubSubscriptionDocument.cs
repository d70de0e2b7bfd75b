using BriWatch.Storage.WebSub;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>A source's WebSub subscription; the source id is the _id, so a source has at most one.</summary>
[BsonIgnoreExtraElements]
internal sealed class WebSubSubscriptionDocument
{
    [BsonId] public string SourceId { get; set; } = "";
    [BsonElement("hub")] public string Hub { get; set; } = "";
    [BsonElement("topic")] public string Topic { get; set; } = "";
    [BsonElement("secret")] public string Secret { get; set; } = "";
    [BsonElement("callbackToken")] public string CallbackToken { get; set; } = "";
    [BsonElement("state"), BsonRepresentation(BsonType.String)] public WebSubState State { get; set; }
    [BsonElement("leaseExpiresAt")] public DateTime? LeaseExpiresAt { get; set; }
    [BsonElement("renewAt")] public DateTime? RenewAt { get; set; }
    [BsonElement("deniedReason")] public string? DeniedReason { get; set; }
    [BsonElement("requestedAt")] public DateTime RequestedAt { get; set; }
    [BsonElement("updatedAt")] public DateTime UpdatedAt { get; set; }
    // Absent from documents written before it existed, which load with no error.
    [BsonElement("lastError"), BsonIgnoreIfNull] public string? LastError { get; set; }
    [BsonElement("lastErrorAt"), BsonIgnoreIfNull] public DateTime? LastErrorAt { get; set; }

    public static WebSubSubscriptionDocument From(WebSubSubscription s) => new()
    {
        SourceId = s.SourceId,
        Hub = s.Hub,
        Topic = s.Topic,
        Secret = s.Secret,
        CallbackToken = s.CallbackToken,
        State = s.State,
        LeaseExpiresAt = MongoTime.ToBson(s.LeaseExpiresAt),
        RenewAt = MongoTime.ToBson(s.RenewAt),
        DeniedReason = s.DeniedReason,
        RequestedAt = MongoTime.ToBson(s.RequestedAt),
        UpdatedAt = MongoTime.ToBson(s.UpdatedAt),
        LastError = s.LastError,
        LastErrorAt = MongoTime.ToBson(s.LastErrorAt),
    };

    public WebSubSubscription ToModel() => new(
        SourceId,
        Hub,
        Topic,
        Secret,
        CallbackToken,
        State,
        MongoTime.FromBson(LeaseExpiresAt),
        MongoTime.FromBson(RenewAt),
        DeniedReason,
        MongoTime.FromBson(RequestedAt),
        MongoTime.FromBson(UpdatedAt),
        LastError,
        MongoTime.FromBson(LastErrorAt));
}
