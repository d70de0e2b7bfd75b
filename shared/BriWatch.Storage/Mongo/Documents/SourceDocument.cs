using BriWatch.Storage.Sources;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Bson.Serialization.Options;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>A source as stored: definition and crawl state flattened so claims and bookkeeping update single fields.</summary>
[BsonIgnoreExtraElements]
internal sealed class SourceDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("name")] public string Name { get; set; } = "";
    [BsonElement("url")] public string Url { get; set; } = "";
    [BsonElement("kind"), BsonRepresentation(BsonType.String)] public SourceKind Kind { get; set; }
    [BsonElement("language")] public string? Language { get; set; }
    [BsonElement("country")] public string? Country { get; set; }
    [BsonElement("official")] public bool Official { get; set; }
    [BsonElement("enabled")] public bool Enabled { get; set; }
    [BsonElement("pollIntervalMs")] public long PollIntervalMs { get; set; }

    // Option keys are free text (e.g. CSS selectors' names); an array of pairs accepts any key, dots included.
    [BsonElement("options"), BsonDictionaryOptions(DictionaryRepresentation.ArrayOfDocuments)]
    public Dictionary<string, string> Options { get; set; } = [];

    [BsonElement("nextAttemptAt")] public DateTime NextAttemptAt { get; set; }
    [BsonElement("lastFetchedAt")] public DateTime? LastFetchedAt { get; set; }
    [BsonElement("lastSuccessAt")] public DateTime? LastSuccessAt { get; set; }
    [BsonElement("lastNewItemAt")] public DateTime? LastNewItemAt { get; set; }
    [BsonElement("lastError")] public string? LastError { get; set; }
    [BsonElement("lastWarning")] public string? LastWarning { get; set; }
    [BsonElement("consecutiveFailures")] public int ConsecutiveFailures { get; set; }
    [BsonElement("etag")] public string? ETag { get; set; }
    [BsonElement("lastModified")] public string? LastModified { get; set; }
    [BsonElement("stale")] public bool Stale { get; set; }
    [BsonElement("createdAt")] public DateTime CreatedAt { get; set; }
    [BsonElement("updatedAt")] public DateTime UpdatedAt { get; set; }

    // The crawl holding the source (ISourceStore.TryClaimCrawlAsync); absent while none does. Never part of the model.
    [BsonElement("crawlClaimHolder"), BsonIgnoreIfNull] public string? CrawlClaimHolder { get; set; }
    [BsonElement("crawlClaimToken"), BsonIgnoreIfNull] public string? CrawlClaimToken { get; set; }
    [BsonElement("crawlClaimExpiresAt"), BsonIgnoreIfNull] public DateTime? CrawlClaimExpiresAt { get; set; }

    public static SourceDocument From(Source source, DateTimeOffset now) => new()
    {
        Id = source.Id,
        Name = source.Name,
        Url = source.Url,
        Kind = source.Kind,
        Language = source.Language,
        Country = source.Country,
        Official = source.Official,
        Enabled = source.Enabled,
        PollIntervalMs = (long)source.PollInterval.TotalMilliseconds,
        Options = new Dictionary<string, string>(source.Options),
        NextAttemptAt = MongoTime.ToBson(source.Crawl.NextAttemptAt),
        LastFetchedAt = MongoTime.ToBson(source.Crawl.LastFetchedAt),
        LastSuccessAt = MongoTime.ToBson(source.Crawl.LastSuccessAt),
        LastNewItemAt = MongoTime.ToBson(source.Crawl.LastNewItemAt),
        LastError = source.Crawl.LastError,
        LastWarning = source.Crawl.LastWarning,
        ConsecutiveFailures = source.Crawl.ConsecutiveFailures,
        ETag = source.Crawl.ETag,
        LastModified = source.Crawl.LastModified,
        Stale = source.Crawl.Stale,
        CreatedAt = MongoTime.ToBson(source.CreatedAt == default ? now : source.CreatedAt),
        UpdatedAt = MongoTime.ToBson(source.UpdatedAt == default ? now : source.UpdatedAt),
    };

    public Source ToModel() => new()
    {
        Id = Id,
        Name = Name,
        Url = Url,
        Kind = Kind,
        Language = Language,
        Country = Country,
        Official = Official,
        Enabled = Enabled,
        PollInterval = TimeSpan.FromMilliseconds(PollIntervalMs),
        Options = Options,
        Crawl = new SourceCrawlState
        {
            NextAttemptAt = MongoTime.FromBson(NextAttemptAt),
            LastFetchedAt = MongoTime.FromBson(LastFetchedAt),
            LastSuccessAt = MongoTime.FromBson(LastSuccessAt),
            LastNewItemAt = MongoTime.FromBson(LastNewItemAt),
            LastError = LastError,
            LastWarning = LastWarning,
            ConsecutiveFailures = ConsecutiveFailures,
            ETag = ETag,
            LastModified = LastModified,
            Stale = Stale,
        },
        CreatedAt = MongoTime.FromBson(CreatedAt),
        UpdatedAt = MongoTime.FromBson(UpdatedAt),
    };
}
