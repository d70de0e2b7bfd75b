using BriWatch.Storage.Deliveries;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

[BsonIgnoreExtraElements]
internal sealed class DeliveryDocument
{
    [BsonId] public string Id { get; set; } = "";
    // Documents stored before kinds existed get theirs from MongoDeliveryKinds at start-up.
    [BsonElement("kind"), BsonRepresentation(BsonType.String)] public DeliveryKind Kind { get; set; }
    [BsonElement("subscriptionId")] public string SubscriptionId { get; set; } = "";
    [BsonElement("storyId")] public string StoryId { get; set; } = "";
    [BsonElement("articleId")] public string ArticleId { get; set; } = "";
    [BsonElement("channel")] public string Channel { get; set; } = "";
    [BsonElement("target")] public string Target { get; set; } = "";
    [BsonElement("payload")] public string Payload { get; set; } = "";
    [BsonElement("state"), BsonRepresentation(BsonType.String)] public DeliveryState State { get; set; }
    [BsonElement("attempts")] public int Attempts { get; set; }
    [BsonElement("nextAttemptAt")] public DateTime NextAttemptAt { get; set; }
    [BsonElement("lastError")] public string? LastError { get; set; }
    [BsonElement("createdAt")] public DateTime CreatedAt { get; set; }
    [BsonElement("deliveredAt")] public DateTime? DeliveredAt { get; set; }
    [BsonElement("traceParent")] public string? TraceParent { get; set; }
    [BsonElement("revision")] public string Revision { get; set; } = "";
    [BsonElement("stage")] public string? Stage { get; set; }
    [BsonElement("amountUsd")] public double? AmountUsd { get; set; }
    // Left out until the first claim, so documents never claimed look as they did before claims carried a token.
    [BsonElement("claimToken"), BsonIgnoreIfNull] public string? ClaimToken { get; set; }

    public static DeliveryDocument From(Delivery delivery) => new()
    {
        Id = delivery.Id,
        Kind = delivery.Kind,
        SubscriptionId = delivery.SubscriptionId,
        StoryId = delivery.StoryId,
        ArticleId = delivery.ArticleId,
        Channel = delivery.Channel,
        Target = delivery.Target,
        Payload = delivery.Payload,
        State = delivery.State,
        Attempts = delivery.Attempts,
        NextAttemptAt = MongoTime.ToBson(delivery.NextAttemptAt),
        LastError = delivery.LastError,
        CreatedAt = MongoTime.ToBson(delivery.CreatedAt),
        DeliveredAt = MongoTime.ToBson(delivery.DeliveredAt),
        TraceParent = delivery.TraceParent,
        Revision = delivery.Revision,
        Stage = delivery.Stage,
        AmountUsd = delivery.AmountUsd,
        ClaimToken = delivery.ClaimToken,
    };

    public Delivery ToModel() => new()
    {
        Id = Id,
        Kind = Kind,
        SubscriptionId = SubscriptionId,
        StoryId = StoryId,
        ArticleId = ArticleId,
        Channel = Channel,
        Target = Target,
        Payload = Payload,
        State = State,
        Attempts = Attempts,
        NextAttemptAt = MongoTime.FromBson(NextAttemptAt),
        LastError = LastError,
        CreatedAt = MongoTime.FromBson(CreatedAt),
        DeliveredAt = MongoTime.FromBson(DeliveredAt),
        TraceParent = TraceParent,
        Revision = Revision,
        Stage = Stage,
        AmountUsd = AmountUsd,
        ClaimToken = ClaimToken,
    };
}
