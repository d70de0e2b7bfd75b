using System.Text.Json;
using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Delivery;

/// <summary>The JSON body of an <c>article.matched</c> webhook, shaped like a Standard Webhooks event.</summary>
/// <param name="Timestamp">When the article was classified, so the stored body never depends on when it was built.</param>
public sealed record ArticleMatchedPayload(string Type, DateTimeOffset Timestamp, ArticleMatchedData Data)
{
    public const string EventType = "article.matched";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static ArticleMatchedPayload From(ArticleClassified article, Subscription subscription) =>
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
            subscription.Name));

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
    string SubscriptionName);
