using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Email;
using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Contracts;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Alerting.Tests;

/// <summary>
/// Noise control in digests, by the instant alerts' rule: a story is listed once, and again, marked as a new
/// development, only when its stage or amount changes.
/// </summary>
public sealed class DigestNewDevelopmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static ArticleClassified Story(string articleId, string? stage, double? amountUsd) =>
        TestData.Article(articleId: articleId) with { Stage = stage, AmountUsd = amountUsd };

    private static Subscription DailyDigest(string url, string secret) =>
        TestData.Subscription("sub-1", url, secret) with { Mode = SubscriptionMode.DigestDaily, TimeZone = "Europe/Berlin", DigestTime = new TimeOnly(8, 0) };

    private static async Task FireAtAsync(AlertingTestHost host, DateTimeOffset at)
    {
        host.Time.SetUtcNow(at);
        await host.FireDueDigestTriggersAsync();
    }

    private static JsonElement[] Items(ReceivedWebhook digest) =>
        [.. JsonSerializer.Deserialize<JsonElement>(digest.Body).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Stage_change_of_a_story_sent_in_a_digest_is_listed_in_the_next_digest_as_the_same_development_an_instant_alert_carries()
    {
        await using var digestReceiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var instantReceiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync(new FakeTimeProvider(Utc(3, 28, 10)));
        await host.Subscriptions.CreateAsync(DailyDigest(digestReceiver.Url, digestReceiver.Secret), Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-instant", instantReceiver.Url, instantReceiver.Secret), Ct);
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        await FireAtAsync(host, Utc(3, 29, 6));

        host.Time.SetUtcNow(Utc(3, 29, 10));
        var financed = Story("art-2", "financed", 1.2e9);
        await host.PublishAndConsumeAsync(financed);
        await host.PublishAndConsumeAsync(financed);
        await FireAtAsync(host, Utc(3, 30, 6));

        var digests = digestReceiver.Received.ToArray();
        Assert.Equal(2, digests.Length);
        Assert.All(digests, d => Assert.True(d.SignatureValid, "The receiver's own check rejected the signature."));
        Assert.False(Assert.Single(Items(digests[0])).TryGetProperty("development", out _));
        var item = Assert.Single(Items(digests[1]));
        Assert.Equal(("story-1", "art-2", "financed"), (item.GetProperty("storyId").GetString(), item.GetProperty("articleId").GetString(), item.GetProperty("stage").GetString()));
        var development = item.GetProperty("development");
        Assert.Equal(("signed", "financed", 1.2e9, 1.2e9), (
            development.GetProperty("previousStage").GetString(), development.GetProperty("stage").GetString(),
            development.GetProperty("previousAmountUsd").GetDouble(), development.GetProperty("amountUsd").GetDouble()));
        var instant = instantReceiver.Received.Last();
        Assert.Equal(
            JsonSerializer.Deserialize<JsonElement>(instant.Body).GetProperty("data").GetProperty("development").GetRawText(),
            development.GetRawText());

        // Late redeliveries of either report are no news.
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        await host.PublishAndConsumeAsync(financed);
        await FireAtAsync(host, Utc(3, 31, 6));
        Assert.Equal(2, digestReceiver.Received.Count);
    }

    [Fact]
    public async Task Redelivery_reclassification_or_a_copy_without_new_facts_is_listed_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync(new FakeTimeProvider(Utc(3, 28, 10)));
        await host.Subscriptions.CreateAsync(DailyDigest(receiver.Url, receiver.Secret), Ct);

        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9) with { Score = 0.95, ClassifiedAt = Utc(3, 28, 10, 5) });
        await host.PublishAndConsumeAsync(Story("art-2-syndicated-copy", "signed", 1.2e9));
        await host.PublishAndConsumeAsync(Story("art-3-short-copy", null, null));
        await host.PublishAndConsumeAsync(Story("art-4-rounded", "signed", 1.205e9));
        await FireAtAsync(host, Utc(3, 29, 6));

        var item = Assert.Single(Items(Assert.Single(receiver.Received)));
        Assert.Equal("art-1", item.GetProperty("articleId").GetString());
        var held = Assert.Single(await host.Services.GetRequiredService<IDigestItemStore>().ListForStoryAsync("story-1", Ct));
        Assert.Equal(("", "signed", 1.2e9), (held.Revision, held.Stage, held.AmountUsd));
    }

    [Fact]
    public async Task Development_while_the_first_report_still_waits_is_listed_after_it_in_the_same_digest_each_held_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync(new FakeTimeProvider(Utc(3, 28, 10)));
        await host.Subscriptions.CreateAsync(DailyDigest(receiver.Url, receiver.Secret), Ct);
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.0e9));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.PublishAndConsumeAsync(Story("art-2", "signed", 1.5e9));
        await host.PublishAndConsumeAsync(Story("art-2", "signed", 1.5e9));

        await FireAtAsync(host, Utc(3, 29, 6));

        var items = Items(Assert.Single(receiver.Received));
        Assert.Equal(["art-1", "art-2"], items.Select(i => i.GetProperty("articleId").GetString()));
        Assert.False(items[0].TryGetProperty("development", out _));
        Assert.Equal(1.5e9, items[1].GetProperty("development").GetProperty("amountUsd").GetDouble());
        var held = await host.Services.GetRequiredService<IDigestItemStore>().ListForStoryAsync("story-1", Ct);
        Assert.Equal(["", new StoryFacts("signed", 1.5e9).Revision()], held.Select(i => i.Revision));
    }

    [Fact]
    public void Slack_Teams_and_email_digests_say_new_development_beside_the_item()
    {
        var subscription = TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret());
        var development = StoryDevelopment.Between(new StoryFacts("signed", 1.2e9), new StoryFacts("financed", 1.5e9));
        var item = ArticleMatchedPayload.From(TestData.Article(), subscription, development).Data;
        var digest = new DigestPayload(
            DigestPayload.EventType, Utc(3, 29, 6), new DigestPeriod("daily", "UTC", Utc(3, 28, 6), Utc(3, 29, 6)), "sub-1", "Name of sub-1", [item]);
        const string line = "New development: stage signed → financed · amount $1.2B → $1.5B";

        Assert.Contains(JsonSerializer.Serialize(line)[1..^1], DigestMessages.Render(WebhookFormats.Slack, digest), StringComparison.Ordinal);
        Assert.Contains(JsonSerializer.Serialize(line)[1..^1], DigestMessages.Render(WebhookFormats.Teams, digest), StringComparison.Ordinal);
        Assert.Contains("  " + line, DigestEmailBody.Text(digest, "https://briwatch.example.org/u"), StringComparison.Ordinal);
        Assert.Contains($"<strong>{System.Net.WebUtility.HtmlEncode(line)}</strong>", DigestEmailBody.Html(digest, "https://briwatch.example.org/u"), StringComparison.Ordinal);
    }
}
