using BriWatch.Storage.Digests;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>One held digest item; the _id is (subscription, story), which makes adding it idempotent.</summary>
[BsonIgnoreExtraElements]
internal sealed class DigestItemDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("subscriptionId")] public string SubscriptionId { get; set; } = "";
    [BsonElement("storyId")] public string StoryId { get; set; } = "";
    [BsonElement("articleId")] public string ArticleId { get; set; } = "";
    [BsonElement("payload")] public string Payload { get; set; } = "";
    [BsonElement("matchedAt")] public DateTime MatchedAt { get; set; }
    [BsonElement("dueAt")] public DateTime DueAt { get; set; }
    [BsonElement("digestId")] public string? DigestId { get; set; }

    public static string KeyFor(string subscriptionId, string storyId) => subscriptionId + "\n" + storyId;

    public static DigestItemDocument From(DigestItem item) => new()
    {
        Id = KeyFor(item.SubscriptionId, item.StoryId),
        SubscriptionId = item.SubscriptionId,
        StoryId = item.StoryId,
        ArticleId = item.ArticleId,
        Payload = item.Payload,
        MatchedAt = MongoTime.ToBson(item.MatchedAt),
        DueAt = MongoTime.ToBson(item.DueAt),
        DigestId = item.DigestId,
    };

    public DigestItem ToModel() => new()
    {
        SubscriptionId = SubscriptionId,
        StoryId = StoryId,
        ArticleId = ArticleId,
        Payload = Payload,
        MatchedAt = MongoTime.FromBson(MatchedAt),
        DueAt = MongoTime.FromBson(DueAt),
        DigestId = DigestId,
    };
}
