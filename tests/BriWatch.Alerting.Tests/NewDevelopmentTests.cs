using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Contracts;

namespace BriWatch.Alerting.Tests;

/// <summary>Noise control: a story alerts once per subscription, and again only when its stage or amount changes.</summary>
public sealed class NewDevelopmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ArticleClassified Story(string articleId, string? stage, double? amountUsd) =>
        TestData.Article(articleId: articleId) with { Stage = stage, AmountUsd = amountUsd };

    [Fact]
    public async Task Stage_change_after_an_alert_is_sent_once_more_as_a_signed_new_development()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret), Ct);
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        Assert.Equal(1, await host.DispatchAsync());

        var financed = Story("art-2", "financed", 1.2e9);
        await host.PublishAndConsumeAsync(financed);
        await host.PublishAndConsumeAsync(financed);
        Assert.Equal(1, await host.DispatchAsync());
        Assert.Equal(0, await host.DispatchAsync());

        var received = receiver.Received.ToArray();
        Assert.Equal(2, received.Length);
        Assert.All(received, r => Assert.True(r.SignatureValid, "The receiver's own check rejected the signature."));
        Assert.NotEqual(received[0].Id, received[1].Id);
        using (var first = JsonDocument.Parse(received[0].Body))
        {
            Assert.False(first.RootElement.GetProperty("data").TryGetProperty("development", out _));
        }

        using var second = JsonDocument.Parse(received[1].Body);
        var data = second.RootElement.GetProperty("data");
        Assert.Equal("art-2", data.GetProperty("articleId").GetString());
        Assert.Equal("financed", data.GetProperty("stage").GetString());
        var development = data.GetProperty("development");
        Assert.Equal("signed", development.GetProperty("previousStage").GetString());
        Assert.Equal("financed", development.GetProperty("stage").GetString());
        Assert.Equal(1.2e9, development.GetProperty("previousAmountUsd").GetDouble());
        Assert.Equal(1.2e9, development.GetProperty("amountUsd").GetDouble());
    }

    [Fact]
    public async Task Amount_change_above_one_percent_is_a_new_development_and_a_smaller_one_is_not()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret()), Ct);
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.0e9));

        await host.PublishAndConsumeAsync(Story("art-2-rounded", "signed", 1.008e9));
        Assert.Single(await host.Deliveries.ListAsync("sub-1", null, 100, Ct));

        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.PublishAndConsumeAsync(Story("art-3-raised", "signed", 1.5e9));
        var deliveries = await host.Deliveries.ListForStoryAsync("story-1", Ct);

        Assert.Equal(2, deliveries.Count);
        var raised = deliveries[1];
        Assert.Equal(DeliveryIds.For("sub-1", "story-1", "webhook", raised.Revision), raised.Id);
        Assert.NotEqual("", raised.Revision);
        Assert.Equal(("signed", 1.5e9), (raised.Stage, raised.AmountUsd));
        using var json = JsonDocument.Parse(raised.Payload);
        var development = json.RootElement.GetProperty("data").GetProperty("development");
        Assert.Equal(1.0e9, development.GetProperty("previousAmountUsd").GetDouble());
        Assert.Equal(1.5e9, development.GetProperty("amountUsd").GetDouble());
    }

    [Fact]
    public async Task Same_stage_and_amount_again_or_a_syndicated_copy_that_omits_them_creates_nothing()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret()), Ct);
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));

        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        await host.PublishAndConsumeAsync(Story("art-2-syndicated-copy", "signed", 1.2e9));
        await host.PublishAndConsumeAsync(Story("art-3-short-copy", null, null));

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryIds.For("sub-1", "story-1", "webhook"), delivery.Id);
        Assert.Equal(("", "signed", 1.2e9), (delivery.Revision, delivery.Stage, delivery.AmountUsd));
    }

    [Fact]
    public async Task A_late_redelivery_of_an_earlier_development_stays_silent()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret()), Ct);
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.PublishAndConsumeAsync(Story("art-2", "financed", null));

        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        await host.PublishAndConsumeAsync(Story("art-2", "financed", null));

        var deliveries = await host.Deliveries.ListForStoryAsync("story-1", Ct);
        Assert.Equal(["art-1", "art-2"], deliveries.Select(d => d.ArticleId));
        // The development carries the amount it did not restate, so a later copy stating it again is no news.
        Assert.Equal(("financed", 1.2e9), (deliveries[1].Stage, deliveries[1].AmountUsd));
    }

    [Fact]
    public async Task Each_subscription_is_compared_with_what_it_was_itself_alerted_with()
    {
        await using var host = await AlertingTestHost.StartAsync();
        var secret = TestData.NewSecret();
        await host.Subscriptions.CreateAsync(TestData.Subscription("early", "https://hooks.example.org/a", secret), Ct);
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        await host.Subscriptions.CreateAsync(TestData.Subscription("late", "https://hooks.example.org/b", secret), Ct);
        host.Time.Advance(TimeSpan.FromMinutes(1));

        await host.PublishAndConsumeAsync(Story("art-2", "financed", 1.2e9));

        Assert.Equal(2, (await host.Deliveries.ListAsync("early", null, 100, Ct)).Count);
        var late = await host.SingleDeliveryAsync("late");
        Assert.Equal("", late.Revision);
        Assert.DoesNotContain("development", late.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_development_email_says_so_in_its_subject_and_body()
    {
        await using var maildev = await MailDevServer.StartAsync();
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(maildev.SmtpPort));
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        await host.PublishAndConsumeAsync(Story("art-1", "signed", 1.2e9));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.PublishAndConsumeAsync(Story("art-2", "financed", 1.5e9));

        Assert.Equal(2, await host.DispatchAsync());

        var messages = await maildev.WaitForMessagesAsync(2);
        var update = Assert.Single(messages, m => m.Subject?.StartsWith("BriWatch update: ", StringComparison.Ordinal) == true);
        Assert.Equal("BriWatch update: Brazil and China sign solar park deal", update.Subject);
        Assert.Contains("New development: stage signed → financed · amount $1.2B → $1.5B", update.TextBody, StringComparison.Ordinal);
        Assert.Contains("New development: stage signed → financed", update.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_and_Teams_bodies_lead_with_the_new_development()
    {
        var development = StoryDevelopment.Between(new StoryFacts("signed", 1.2e9), new StoryFacts("financed", 1.5e9));
        var subscription = TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret());

        var slack = WebhookFormats.Render(WebhookFormats.Slack, TestData.Article(), subscription, development);
        var teams = WebhookFormats.Render(WebhookFormats.Teams, TestData.Article(), subscription, development);

        Assert.Equal("New development: stage signed → financed · amount $1.2B → $1.5B", development.Describe());
        var encoded = JsonSerializer.Serialize(development.Describe())[1..^1];
        Assert.Contains(encoded, slack, StringComparison.Ordinal);
        Assert.Contains(encoded, teams, StringComparison.Ordinal);
    }
}
