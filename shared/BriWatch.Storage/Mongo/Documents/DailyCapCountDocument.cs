using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>
/// One of a subscription's daily-cap places on one local day. The _id is (subscription, day, place), so two
/// dispatchers can never both take a place; a unique index on (subscription, day, alert) counts an alert once.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class DailyCapCountDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("subscriptionId")] public string SubscriptionId { get; set; } = "";
    [BsonElement("day")] public string Day { get; set; } = "";
    [BsonElement("place")] public int Place { get; set; }
    [BsonElement("alertKey")] public string AlertKey { get; set; } = "";
    [BsonElement("countedAt")] public DateTime CountedAt { get; set; }

    public static string IdOf(string subscriptionId, string day, int place) => $"{subscriptionId}\n{day}\n{place}";
}
