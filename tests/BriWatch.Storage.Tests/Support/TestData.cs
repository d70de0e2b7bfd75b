using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Storage.Tests.Support;

public static class TestData
{
    /// <summary>Millisecond-aligned, as the stores keep milliseconds.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, 123, TimeSpan.Zero);

    public static Source Source(string id, DateTimeOffset? nextAttemptAt = null, bool enabled = true) => new()
    {
        Id = id,
        Name = "Source " + id,
        Url = $"https://example.org/{id}/feed.xml",
        Kind = SourceKind.Rss,
        Language = "en",
        Country = "CN",
        Official = true,
        Enabled = enabled,
        PollInterval = TimeSpan.FromMinutes(20),
        Options = new Dictionary<string, string> { ["item.selector"] = "article > h2 a", ["encoding"] = "utf-8" },
        Crawl = new SourceCrawlState { NextAttemptAt = nextAttemptAt ?? T0 },
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    public static Article Article(string id, DateTimeOffset discoveredAt, Func<Article, Article>? tweak = null)
    {
        var article = new Article
        {
            Id = id,
            SourceId = "xinhua-en",
            Url = $"https://example.org/news/{id}",
            Title = "Rail link signed " + id,
            Text = "The partners signed a financing agreement for the railway.",
            Published = discoveredAt.AddHours(-1),
            DiscoveredAt = discoveredAt,
            ClassifiedAt = discoveredAt.AddSeconds(5),
            Language = "en",
            Relevant = true,
            Score = 0.8,
            Topics = ["rail", "finance"],
            Countries = ["CN", "KZ"],
            StoryId = "story-" + id,
            Evidence = ["signed a financing agreement"],
            Entities = [new ArticleEntity("org", "China Railway", 0, 13)],
            AmountUsd = 1_250_000_000,
            Stage = "signed",
            Amounts =
            [
                new ArticleAmount(1.25e9, "USD", 1.25e9, "loan", 30, 13, "$1.25 billion"),
                new ArticleAmount(50e9, "CNY", 7e9, "background", 80, 12, "500亿元"),
            ],
        };
        return tweak is null ? article : tweak(article);
    }

    public static Subscription Subscription(string id, string owner = "alice", bool enabled = true) => new()
    {
        Id = id,
        Owner = owner,
        Name = "Subscription " + id,
        Topics = ["rail"],
        Countries = ["BR", "CN"],
        MinScore = 0.5,
        RelevantOnly = true,
        Query = "rail AND NOT metro",
        Mode = SubscriptionMode.DigestDaily,
        TimeZone = "America/Sao_Paulo",
        DigestTime = new TimeOnly(7, 30),
        DigestDay = DayOfWeek.Friday,
        QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(6, 30)),
        DailyCap = 5,
        Webhook = new WebhookChannel("https://hooks.example.org/" + id, "whsec_c2VjcmV0"),
        Email = new EmailChannel(owner + "@example.org"),
        Enabled = enabled,
        FeedToken = "feed-token-" + id,
    };

    public static Delivery Delivery(string id, string subscriptionId = "sub-1", string storyId = "story-1", string channel = "webhook", DateTimeOffset? createdAt = null) => new()
    {
        Id = id,
        SubscriptionId = subscriptionId,
        StoryId = storyId,
        ArticleId = "article-" + storyId,
        Channel = channel,
        Target = "https://hooks.example.org/x",
        Payload = """{"type":"article.matched","id":"x"}""",
        State = DeliveryState.Pending,
        Attempts = 0,
        NextAttemptAt = createdAt ?? T0,
        CreatedAt = createdAt ?? T0,
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    };
}
