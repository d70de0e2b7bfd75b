using BriWatch.Alerting.Webhooks;
using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Tests.Infrastructure;

internal static class TestData
{
    public static Subscription Subscription(string id, string url, string secret, string[]? topics = null, string[]? countries = null, double minScore = 0.5) => new()
    {
        Id = id,
        Owner = "owner-1",
        Name = "Name of " + id,
        Topics = topics ?? ["energy_new"],
        Countries = countries ?? [],
        MinScore = minScore,
        Webhook = new WebhookChannel(url, secret),
        CreatedAt = AlertingTestHost.Start,
        UpdatedAt = AlertingTestHost.Start,
    };

    public static ArticleClassified Article(string storyId = "story-1", string[]? topics = null, string[]? countries = null, double score = 0.9, bool relevant = true, string articleId = "art-1") => new(
        articleId,
        "source-xinhua",
        "https://example.org/news/" + articleId,
        "Brazil and China sign solar park deal",
        "A 1.2 GW solar park in Bahia, financed by the NDB.",
        AlertingTestHost.Start.AddHours(-2),
        "en",
        relevant,
        score,
        topics ?? ["energy_new"],
        countries ?? ["BR", "CN"],
        storyId,
        ["sign solar park deal"],
        AlertingTestHost.Start.AddMinutes(-1));

    public static string NewSecret() => WebhookSecret.Generate();
}
