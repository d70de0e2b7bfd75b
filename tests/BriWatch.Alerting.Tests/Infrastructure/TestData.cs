using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Tests.Infrastructure;

internal static class TestData
{
    /// <param name="at">When it was created; the fake clock's start unless given (a test on the real clock passes its now).</param>
    public static Subscription Subscription(string id, string url, string secret, string[]? topics = null, string[]? countries = null, double minScore = 0.5, DateTimeOffset? at = null) => new()
    {
        Id = id,
        Owner = "owner-1",
        Name = "Name of " + id,
        Topics = topics ?? ["energy_new"],
        Countries = countries ?? [],
        MinScore = minScore,
        Webhook = new WebhookChannel(url, secret),
        CreatedAt = at ?? AlertingTestHost.Start,
        UpdatedAt = at ?? AlertingTestHost.Start,
    };

    /// <param name="at">When it was classified; the fake clock's start unless given (a test on the real clock passes its now).</param>
    public static ArticleClassified Article(string storyId = "story-1", string[]? topics = null, string[]? countries = null, double score = 0.9, bool relevant = true, string articleId = "art-1", DateTimeOffset? at = null) => new(
        articleId,
        "source-xinhua",
        "https://example.org/news/" + articleId,
        "Brazil and China sign solar park deal",
        "A 1.2 GW solar park in Bahia, financed by the NDB.",
        (at ?? AlertingTestHost.Start).AddHours(-2),
        "en",
        relevant,
        score,
        topics ?? ["energy_new"],
        countries ?? ["BR", "CN"],
        storyId,
        ["sign solar park deal"],
        (at ?? AlertingTestHost.Start).AddMinutes(-1));

    public static string NewSecret() => WebhookSecret.Generate();

    public const string PublicBaseUrl = "https://briwatch.example.org";

    /// <summary>A subscription whose only channel is email.</summary>
    public static Subscription EmailSubscription(string id, string address = "analyst@example.org") =>
        Subscription(id, "https://unused.example.org", NewSecret()) with { Webhook = null, Email = new EmailChannel(address) };

    /// <summary>Alerting settings that send email, without TLS, to an SMTP server on loopback.</summary>
    public static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Alerting:Smtp:Host"] = "127.0.0.1",
        ["Alerting:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alerting:Smtp:Security"] = "None",
        ["Alerting:Smtp:From"] = "BriWatch Alerts <alerts@briwatch.example.org>",
        ["Alerting:Smtp:Timeout"] = "00:00:20",
        ["Alerting:PublicBaseUrl"] = PublicBaseUrl,
        ["Alerting:UnsubscribeSigningKey"] = "test-signing-key-of-at-least-32-characters",
    };
}
