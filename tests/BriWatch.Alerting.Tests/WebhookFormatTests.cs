using System.Text.Json;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Alerting.Tests;

public sealed class WebhookFormatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Slack_channel_receives_a_Block_Kit_message_linking_the_article()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        var subscription = TestData.Subscription("sub-1", receiver.Url, receiver.Secret);
        await host.Subscriptions.CreateAsync(subscription with { Webhook = subscription.Webhook! with { Format = "slack" } }, Ct);
        await host.PublishAndConsumeAsync(TestData.Article() with { Title = "Solar <deal> & more" });

        Assert.Equal(1, await host.DispatchAsync());

        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        using var json = JsonDocument.Parse(received.Body);
        Assert.Equal("Solar <deal> & more https://example.org/news/art-1", json.RootElement.GetProperty("text").GetString());
        var section = json.RootElement.GetProperty("blocks")[0];
        Assert.Equal("section", section.GetProperty("type").GetString());
        Assert.StartsWith("*<https://example.org/news/art-1|Solar &lt;deal&gt; &amp; more>*", section.GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Delivered, (await host.SingleDeliveryAsync("sub-1")).State);
    }

    [Fact]
    public async Task Teams_channel_receives_an_Adaptive_Card_with_facts_and_a_link()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        var subscription = TestData.Subscription("sub-1", receiver.Url, receiver.Secret);
        await host.Subscriptions.CreateAsync(subscription with { Webhook = subscription.Webhook! with { Format = "Teams" } }, Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(1, await host.DispatchAsync());

        using var json = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("message", json.RootElement.GetProperty("type").GetString());
        var attachment = json.RootElement.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("Brazil and China sign solar park deal", card.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Contains(card.GetProperty("body")[2].GetProperty("facts").EnumerateArray(), f => f.GetProperty("value").GetString() == "BR, CN");
        Assert.Equal("https://example.org/news/art-1", card.GetProperty("actions")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Unknown_format_is_recorded_as_a_failed_delivery_naming_the_known_formats()
    {
        await using var host = await AlertingTestHost.StartAsync();
        var subscription = TestData.Subscription("sub-1", "https://h.example.org/1", TestData.NewSecret());
        await host.Subscriptions.CreateAsync(subscription with { Webhook = subscription.Webhook! with { Format = "discord" } }, Ct);

        await host.PublishAndConsumeAsync(TestData.Article());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.StartsWith("Unknown webhook format 'discord'; use one of standard, slack, teams.", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await host.DispatchAsync());
    }
}
