using System.Text.Json;

namespace BriWatch.Alerting.Alerts;

/// <summary>The JSON body of a <c>digest</c> webhook: every item one digest period collected, each as an <c>article.matched</c> body's data.</summary>
/// <param name="Timestamp">When the digest was due, so the stored body never depends on when it was built.</param>
public sealed record DigestPayload(
    string Type,
    DateTimeOffset Timestamp,
    DigestPeriod Period,
    string SubscriptionId,
    string SubscriptionName,
    IReadOnlyList<ArticleMatchedData> Items)
{
    public const string EventType = "digest";

    public string ToJson() => JsonSerializer.Serialize(this, ArticleMatchedPayload.JsonOptions);

    /// <summary>The digest in <paramref name="payload"/>, or null when it is some other body.</summary>
    /// <exception cref="FormatException">The body says it is a digest but has no items or subscription.</exception>
    public static DigestPayload? TryRead(string payload)
    {
        DigestPayload? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<DigestPayload>(payload, ArticleMatchedPayload.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }

        if (parsed?.Type != EventType)
        {
            return null;
        }

        return parsed is { Items: not null, Period: not null } && !string.IsNullOrEmpty(parsed.SubscriptionId)
            ? parsed
            : throw new FormatException($"The stored payload is a {EventType} without items, period or subscription id.");
    }
}

/// <summary>
/// The stretch a digest covers: matches after <paramref name="Start"/> up to <paramref name="End"/>, both in the
/// subscriber's local offset so a reader sees the wall-clock times.
/// </summary>
/// <param name="Mode"><c>hourly</c>, <c>daily</c> or <c>weekly</c>; <c>instant</c> for the last digest of a subscription that has left digest mode.</param>
public sealed record DigestPeriod(string Mode, string TimeZone, DateTimeOffset Start, DateTimeOffset End);
