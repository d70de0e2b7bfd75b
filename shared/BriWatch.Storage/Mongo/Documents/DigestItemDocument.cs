using System.Text.Json;
using BriWatch.Storage.Digests;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>One held digest item; the _id is (subscription, story, revision), which makes adding it idempotent.</summary>
[BsonIgnoreExtraElements]
internal sealed class DigestItemDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("subscriptionId")] public string SubscriptionId { get; set; } = "";
    [BsonElement("storyId")] public string StoryId { get; set; } = "";
    // Items stored before developments existed have no revision: they are their story's first item.
    [BsonElement("revision")] public string Revision { get; set; } = "";
    [BsonElement("stage")] public string? Stage { get; set; }
    [BsonElement("amountUsd")] public double? AmountUsd { get; set; }
    [BsonElement("articleId")] public string ArticleId { get; set; } = "";
    [BsonElement("payload")] public string Payload { get; set; } = "";
    [BsonElement("matchedAt")] public DateTime MatchedAt { get; set; }
    [BsonElement("dueAt")] public DateTime DueAt { get; set; }
    [BsonElement("digestId")] public string? DigestId { get; set; }

    /// <summary>A first item keeps the key items had before developments existed, so it still collides with them.</summary>
    public static string KeyFor(string subscriptionId, string storyId, string revision) =>
        revision.Length == 0 ? subscriptionId + "\n" + storyId : subscriptionId + "\n" + storyId + "\n" + revision;

    public static DigestItemDocument From(DigestItem item) => new()
    {
        Id = KeyFor(item.SubscriptionId, item.StoryId, item.Revision),
        SubscriptionId = item.SubscriptionId,
        StoryId = item.StoryId,
        Revision = item.Revision,
        Stage = item.Stage,
        AmountUsd = item.AmountUsd,
        ArticleId = item.ArticleId,
        Payload = item.Payload,
        MatchedAt = MongoTime.ToBson(item.MatchedAt),
        DueAt = MongoTime.ToBson(item.DueAt),
        DigestId = item.DigestId,
    };

    public DigestItem ToModel()
    {
        // Items stored before the facts had fields of their own (there is no Mongo migration to fill them in) carry
        // them only in the payload; reading them as unknown would make the story's next copy look like a development.
        var (stage, amountUsd) = Stage is null && AmountUsd is null ? PayloadFacts(Payload) : (Stage, AmountUsd);
        return new()
        {
            SubscriptionId = SubscriptionId,
            StoryId = StoryId,
            Revision = Revision,
            Stage = stage,
            AmountUsd = amountUsd,
            ArticleId = ArticleId,
            Payload = Payload,
            MatchedAt = MongoTime.FromBson(MatchedAt),
            DueAt = MongoTime.FromBson(DueAt),
            DigestId = DigestId,
        };
    }

    /// <summary>The stage and amount an <c>article.matched</c> body reports (<c>data.stage</c>, <c>data.amountUsd</c>); nulls when it has none or is unreadable.</summary>
    internal static (string? Stage, double? AmountUsd) PayloadFacts(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var stage = data.TryGetProperty("stage", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var amount = data.TryGetProperty("amountUsd", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetDouble(out var value) ? value : (double?)null;
            return (stage, amount);
        }
        catch (JsonException)
        {
            // An unreadable payload fails where the digest is assembled, which says so; here the item just has no known facts.
            return (null, null);
        }
    }
}
