using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Alerting.Tests;

/// <summary>Webhook attempts over real loopback sockets: stale pooled connections and how each failure is logged.</summary>
public sealed class WebhookConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receiver_that_keeps_http10_connections_half_open_gets_every_alert_on_its_first_attempt()
    {
        await using var receiver = RawHttpReceiver.HalfOpenKeepAlive(TimeSpan.FromSeconds(1));
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, TestData.NewSecret()), Ct);

        // Alerts in a row, some sent while the receiver still holds the last connection open (it then drops the request
        // unanswered), some after it closed it; each is one dispatch, as when alerts trickle in.
        const int Alerts = 20;
        for (var i = 0; i < Alerts; i++)
        {
            await CreateDueAsync(host, $"dlv-{i}", receiver.Url);
            Assert.Equal(1, await host.DispatchAsync());
            await Task.Delay(TimeSpan.FromMilliseconds(i % 3 == 2 ? 1300 : 40), Ct);
        }

        var deliveries = await host.Deliveries.ListAsync("sub-1", null, 100, Ct);
        Assert.Equal(Alerts, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((DeliveryState.Delivered, 1, (string?)null), (d.State, d.Attempts, d.LastError)));
        Assert.Equal(deliveries.Select(d => d.Id).Order(StringComparer.Ordinal), receiver.Answered.Order(StringComparer.Ordinal));
        Assert.True(receiver.Dropped > 0, "The receiver never dropped a request on a kept-alive connection, so the scenario was not exercised.");
    }

    [Fact]
    public async Task Attempt_log_says_could_not_connect_when_nothing_listens()
    {
        var delivery = await AttemptOnceAsync(WebhookReceiver.UnreachableUrl());

        Assert.StartsWith("Attempt 1 of 9: Could not connect to http://127.0.0.1:", delivery.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attempt_log_says_connection_reset_before_response_and_a_fresh_connection_is_not_retried()
    {
        await using var receiver = RawHttpReceiver.ClosingUnanswered();

        var delivery = await AttemptOnceAsync(receiver.Url);

        Assert.StartsWith("Attempt 1 of 9: Connection reset before response from http://127.0.0.1:", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(1, receiver.Dropped);
    }

    [Fact]
    public async Task Attempt_log_gives_the_http_status_of_an_answer()
    {
        await using var receiver = RawHttpReceiver.Answering(503, "Service Unavailable");

        var delivery = await AttemptOnceAsync(receiver.Url);

        Assert.StartsWith("Attempt 1 of 9: HTTP 503 Service Unavailable", delivery.LastError, StringComparison.Ordinal);
    }

    // The timeout's wording is pinned by DeliveryDispatcherTests.Timeout_after_15_seconds_counts_as_a_failed_attempt_and_is_retried.

    private static async Task<Delivery> AttemptOnceAsync(string url)
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", url, TestData.NewSecret()), Ct);
        await CreateDueAsync(host, "dlv-1", url);
        Assert.Equal(1, await host.DispatchAsync());
        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        return delivery;
    }

    private static async Task CreateDueAsync(AlertingTestHost host, string id, string url)
    {
        var now = host.Time.GetUtcNow();
        Assert.True(await host.Deliveries.TryCreateAsync(
            new Delivery
            {
                Id = id, SubscriptionId = "sub-1", StoryId = "story-" + id, ArticleId = "art-" + id, Channel = DeliveryChannels.Webhook,
                Target = url, Payload = """{"type":"article.matched"}""", NextAttemptAt = now, CreatedAt = now,
            },
            Ct));
    }
}
