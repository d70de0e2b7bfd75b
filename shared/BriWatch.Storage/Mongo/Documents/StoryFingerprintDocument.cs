using BriWatch.Storage.Stories;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

[BsonIgnoreExtraElements]
internal sealed class StoryFingerprintDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("storyId")] public string StoryId { get; set; } = "";

    /// <summary>BSON has no unsigned 64-bit integer, so each value is stored bit-for-bit as a signed one.</summary>
    [BsonElement("signature")] public List<long> Signature { get; set; } = [];

    [BsonElement("bandKeys")] public List<string> BandKeys { get; set; } = [];
    [BsonElement("at")] public DateTime At { get; set; }

    public static StoryFingerprintDocument From(StoryFingerprint fingerprint, IReadOnlyList<string> bandKeys) => new()
    {
        Id = fingerprint.ArticleId,
        StoryId = fingerprint.StoryId,
        Signature = [.. fingerprint.Signature.Select(v => unchecked((long)v))],
        BandKeys = [.. bandKeys],
        At = MongoTime.ToBson(fingerprint.At),
    };

    public StoryFingerprint ToModel() => new(
        Id,
        StoryId,
        [.. Signature.Select(v => unchecked((ulong)v))],
        BandKeys,
        MongoTime.FromBson(At));
}
