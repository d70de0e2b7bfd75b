using System.Text.Json;
using System.Text.Json.Serialization;
using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Alerts;

/// <summary>The JSON body of an <c>article.matched</c> webhook, shaped like a Standard Webhooks event.</summary>
/// <param name="Timestamp">When the article was classified, so the stored body never depends on when it was built.</param>
public sealed record ArticleMatchedPayload(string Type, DateTimeOffset Timestamp, ArticleMatchedData Data)
{
    public const string EventType = "article.matched";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <param name="development">Set when the story was alerted on before and this alert is for its new stage or amount.</param>
    public static ArticleMatchedPayload From(ArticleClassified article, Subscription subscription, StoryDevelopment? development = null) =>
        new(EventType, article.ClassifiedAt, new ArticleMatchedData(
            article.ArticleId,
            article.Title,
            article.CanonicalUrl,
            article.Summary,
            article.Published,
            article.Language,
            article.Score,
            article.Topics,
            article.Countries,
            article.Evidence,
            article.StoryId,
            article.SourceId,
            subscription.Id,
            subscription.Name,
            article.AmountUsd,
            article.Stage,
            development));

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

public sealed record ArticleMatchedData(
    string ArticleId,
    string Title,
    string Url,
    string Summary,
    DateTimeOffset? Published,
    string Language,
    double Score,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Evidence,
    string StoryId,
    string SourceId,
    string SubscriptionId,
    string SubscriptionName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AmountUsd = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stage = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StoryDevelopment? Development = null);
