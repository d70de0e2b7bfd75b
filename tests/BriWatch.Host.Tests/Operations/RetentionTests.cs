using BriWatch.Host.Tests.Support;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Stories;
using Microsoft.Extensions.Options;

namespace BriWatch.Host.Tests.Operations;

/// <summary>
/// Retention in the all-in-one host (issue 14): the options and their checks, and both services' purge jobs (classifier:
/// articles and story fingerprints; alerting: deliveries) running side by side on a real SQLite file.
/// </summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Retention_defaults_to_180_days_of_articles_90_of_deliveries_and_30_of_story_fingerprints()
    {
        await using var app = BriWatchApp.Build(new HostSettings("http://127.0.0.1:0", false, Path.Combine(Path.GetTempPath(), $"bw-{Guid.NewGuid():N}.db")));

        var retention = app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;

        Assert.Equal((TimeSpan.FromDays(180), TimeSpan.FromDays(90), TimeSpan.FromDays(30)), (retention.Articles, retention.Deliveries, retention.Stories));
    }

    [Theory]
    [InlineData("Retention:Articles", "00:00:00", "Invalid Retention options: Articles must be positive")]
    [InlineData("Retention:Deliveries", "-1.00:00:00", "Invalid Retention options: Deliveries must be positive")]
    [InlineData("Retention:PurgeBatchSize", "0", "Invalid Retention options: PurgeBatchSize must be between 1 and 100000")]
    [InlineData("Retention:Stories", "7.00:00:00", "Retention:Stories (7.00:00:00) is shorter than Classifier:StoryWindow (14.00:00:00)")]
    public void Bad_retention_settings_are_refused_naming_the_setting(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BriWatchApp.Build(
            new HostSettings("http://127.0.0.1:0", false, Path.Combine(Path.GetTempPath(), $"bw-{Guid.NewGuid():N}.db")),
            new Dictionary<string, string?> { [key] = value }));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_jobs_delete_expired_records_and_keep_pending_work_and_recent_records()
    {
        await using var host = await RunningHost.StartAsync(demo: false, new Dictionary<string, string?>
        {
            ["Retention:Articles"] = "01:00:00",
            ["Retention:Deliveries"] = "01:00:00",
            ["Retention:Stories"] = "01:00:00",
            ["Classifier:StoryWindow"] = "01:00:00",
            ["Retention:PurgeInterval"] = "00:00:00.200",
            ["Retention:PurgeBatchSize"] = "2",
        });
        var ct = TestContext.Current.CancellationToken;
        var articles = host.Services.GetRequiredService<IArticleStore>();
        var deliveries = host.Services.GetRequiredService<IDeliveryStore>();
        var stories = host.Services.GetRequiredService<IStoryIndex>();
        var now = DateTimeOffset.UtcNow;
        var old = now.AddHours(-3);
        foreach (var id in new[] { "old-1", "old-2", "old-3", "old-pending" })
        {
            await articles.UpsertAsync(Article(id, old), ct);
            await stories.AddAsync(new StoryFingerprint(id, id, [1UL], [$"band-{id}"], old), ct);
        }

        await articles.UpsertAsync(Article("recent", now), ct);
        await stories.AddAsync(new StoryFingerprint("recent", "recent", [1UL], ["band-recent"], now), ct);
        await deliveries.TryCreateAsync(Delivery("dlv-settled", "old-1", old, DeliveryState.Delivered), ct);
        // Pending and due far ahead, so the dispatcher leaves it alone: a retry waiting for its time.
        await deliveries.TryCreateAsync(Delivery("dlv-pending", "old-pending", old, DeliveryState.Pending), ct);

        await Eventually.HoldsAsync(
            async () => (await articles.CountAsync(ct)) == 2 && await deliveries.GetAsync("dlv-settled", ct) is null
                && (await stories.FindByBandsAsync(["band-old-1", "band-old-2", "band-old-3", "band-old-pending"], old.AddMinutes(-1), 10, ct)).Count == 0,
            Deadlines.Event,
            "the purge jobs deleted the expired articles, fingerprints and settled delivery");

        Assert.NotNull(await articles.GetAsync("old-pending", ct));
        Assert.NotNull(await articles.GetAsync("recent", ct));
        Assert.NotNull(await deliveries.GetAsync("dlv-pending", ct));
        Assert.Single(await stories.FindByBandsAsync(["band-recent"], old, 10, ct));
        var metrics = await host.Api.GetStringAsync(TelemetryExtensions.MetricsPath, ct);
        Assert.Contains("briwatch_classifier_records_purged_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("briwatch_alerting_records_purged_total{", metrics, StringComparison.Ordinal);
    }

    private static Article Article(string id, DateTimeOffset discoveredAt) => new()
    {
        Id = id,
        SourceId = "demo",
        Url = $"https://example.org/{id}",
        Title = "Rail link " + id,
        Text = "The partners signed a financing agreement for the railway.",
        DiscoveredAt = discoveredAt,
        ClassifiedAt = discoveredAt,
        Language = "en",
        StoryId = id,
    };

    private static Delivery Delivery(string id, string articleId, DateTimeOffset createdAt, DeliveryState state) => new()
    {
        Id = id,
        SubscriptionId = "sub-retention",
        StoryId = articleId,
        ArticleId = articleId,
        Channel = "webhook",
        Target = "https://hooks.example.org/x",
        Payload = "{}",
        State = state,
        Attempts = 1,
        NextAttemptAt = createdAt.AddDays(30),
        CreatedAt = createdAt,
        DeliveredAt = state == DeliveryState.Delivered ? createdAt : null,
    };
}
