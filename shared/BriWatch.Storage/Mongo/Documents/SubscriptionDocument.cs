using System.Globalization;
using BriWatch.Storage.Subscriptions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

[BsonIgnoreExtraElements]
internal sealed class SubscriptionDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("owner")] public string Owner { get; set; } = "";
    [BsonElement("name")] public string Name { get; set; } = "";
    [BsonElement("topics")] public List<string> Topics { get; set; } = [];
    [BsonElement("countries")] public List<string> Countries { get; set; } = [];
    [BsonElement("minScore")] public double MinScore { get; set; }
    [BsonElement("relevantOnly")] public bool RelevantOnly { get; set; }
    [BsonElement("query")] public string? Query { get; set; }
    [BsonElement("mode"), BsonRepresentation(BsonType.String)] public SubscriptionMode Mode { get; set; }
    [BsonElement("webhook")] public WebhookDocument? Webhook { get; set; }
    [BsonElement("email")] public EmailDocument? Email { get; set; }
    [BsonElement("enabled")] public bool Enabled { get; set; }
    [BsonElement("createdAt")] public DateTime CreatedAt { get; set; }
    [BsonElement("updatedAt")] public DateTime UpdatedAt { get; set; }
    // Left out when null: the unique index is sparse, and a stored null would still be indexed and collide.
    [BsonElement("feedToken"), BsonIgnoreIfNull] public string? FeedToken { get; set; }
    // What the feed is looked up by (Subscription.HashFeedToken); absent, like the token, from documents without one.
    [BsonElement("feedTokenHash"), BsonIgnoreIfNull] public string? FeedTokenHash { get; set; }
    // Absent from documents stored before schedules existed; those load with the defaults. Nulls are stored, not left out, so an update clears them.
    [BsonElement("timeZone")] public string? TimeZone { get; set; }
    [BsonElement("digestTime")] public string? DigestTime { get; set; }
    [BsonElement("digestDay")] public string? DigestDay { get; set; }
    [BsonElement("quietHours")] public QuietHoursDocument? QuietHours { get; set; }
    [BsonElement("dailyCap")] public int? DailyCap { get; set; }
    [BsonElement("disabledReason")] public string? DisabledReason { get; set; }

    public static SubscriptionDocument From(Subscription subscription, WebhookSecretProtector secrets) => new()
    {
        Id = subscription.Id,
        Owner = subscription.Owner,
        Name = subscription.Name,
        Topics = [.. subscription.Topics],
        Countries = [.. subscription.Countries],
        MinScore = subscription.MinScore,
        RelevantOnly = subscription.RelevantOnly,
        Query = subscription.Query,
        Mode = subscription.Mode,
        Webhook = subscription.Webhook is { } w ? WebhookDocument.From(secrets.Seal(w)) : null,
        Email = subscription.Email is { } e ? new EmailDocument { Address = e.Address } : null,
        Enabled = subscription.Enabled,
        CreatedAt = MongoTime.ToBson(subscription.CreatedAt),
        UpdatedAt = MongoTime.ToBson(subscription.UpdatedAt),
        FeedToken = subscription.FeedToken,
        FeedTokenHash = subscription.FeedToken is null ? null : Subscription.HashFeedToken(subscription.FeedToken),
        TimeZone = subscription.TimeZone,
        DigestTime = Format(subscription.DigestTime),
        DigestDay = subscription.DigestDay.ToString(),
        QuietHours = subscription.QuietHours is { } q ? new QuietHoursDocument { Start = Format(q.Start), End = Format(q.End) } : null,
        DailyCap = subscription.DailyCap,
        DisabledReason = subscription.DisabledReason,
    };

    public Subscription ToModel(WebhookSecretProtector secrets) => new()
    {
        Id = Id,
        Owner = Owner,
        Name = Name,
        Topics = Topics,
        Countries = Countries,
        MinScore = MinScore,
        RelevantOnly = RelevantOnly,
        Query = Query,
        Mode = Mode,
        Webhook = Webhook is { } w ? secrets.Open(w.ToStored()) : null,
        Email = Email is { } e ? new EmailChannel(e.Address) : null,
        Enabled = Enabled,
        CreatedAt = MongoTime.FromBson(CreatedAt),
        UpdatedAt = MongoTime.FromBson(UpdatedAt),
        FeedToken = FeedToken,
        TimeZone = TimeZone ?? Subscription.DefaultTimeZone,
        DigestTime = DigestTime is null ? Subscription.DefaultDigestTime : Parse(DigestTime),
        DigestDay = DigestDay is null ? DayOfWeek.Monday : Enum.Parse<DayOfWeek>(DigestDay),
        QuietHours = QuietHours is { } q ? new QuietHours(Parse(q.Start), Parse(q.End)) : null,
        DailyCap = DailyCap,
        DisabledReason = DisabledReason,
    };

    private static string Format(TimeOnly time) => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static TimeOnly Parse(string time) => TimeOnly.ParseExact(time, "HH:mm:ss", CultureInfo.InvariantCulture);
}

[BsonIgnoreExtraElements]
internal sealed class QuietHoursDocument
{
    [BsonElement("start")] public string Start { get; set; } = "";
    [BsonElement("end")] public string End { get; set; } = "";
}

[BsonIgnoreExtraElements]
internal sealed class WebhookDocument
{
    [BsonElement("url")] public string Url { get; set; } = "";
    [BsonElement("secret")] public string Secret { get; set; } = "";
    [BsonElement("format")] public string Format { get; set; } = "";
    [BsonElement("disabled")] public bool Disabled { get; set; }
    // Absent until the first rotation, and from documents stored before rotation existed.
    [BsonElement("previousSecret"), BsonIgnoreIfNull] public string? PreviousSecret { get; set; }
    [BsonElement("previousSecretExpiresAt"), BsonIgnoreIfNull] public DateTime? PreviousSecretExpiresAt { get; set; }

    /// <summary>Secrets as <see cref="WebhookSecretProtector.Seal"/> made them: encrypted.</summary>
    public static WebhookDocument From(StoredWebhook stored) => new()
    {
        Url = stored.Url,
        Secret = stored.Secret,
        Format = stored.Format,
        Disabled = stored.Disabled,
        PreviousSecret = stored.PreviousSecret,
        PreviousSecretExpiresAt = stored.PreviousSecretExpiresAt is { } ms ? MongoTime.ToBson(DateTimeOffset.FromUnixTimeMilliseconds(ms)) : null,
    };

    public StoredWebhook ToStored() => new(
        Url,
        Secret,
        Format,
        Disabled,
        PreviousSecret,
        PreviousSecretExpiresAt is { } expires ? MongoTime.FromBson(expires).ToUnixTimeMilliseconds() : null);
}

[BsonIgnoreExtraElements]
internal sealed class EmailDocument
{
    [BsonElement("address")] public string Address { get; set; } = "";
}
