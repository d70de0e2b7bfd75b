using System.Text.Json;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Alerting.Tests;

public sealed class EndpointTestEventTests
{
    private static readonly Dictionary<string, string?> TestEventsOn = new() { ["Alerting:SendEndpointTestEvents"] = "true" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task New_endpoint_gets_one_signed_test_event_and_a_changed_url_gets_another()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var other = await WebhookReceiver.StartAsync(receiver.Secret);
        await using var host = await AlertingTestHost.StartAsync(settings: TestEventsOn);
        var subscription = TestData.Subscription("sub-1", receiver.Url, receiver.Secret);
        await host.Subscriptions.CreateAsync(subscription, Ct);

        Assert.Equal(1, await host.QueueEndpointTestsAsync());
        Assert.Equal(0, await host.QueueEndpointTestsAsync());
        Assert.Equal(1, await host.DispatchAsync());

        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        using (var json = JsonDocument.Parse(received.Body))
        {
            Assert.Equal("webhook.test", json.RootElement.GetProperty("type").GetString());
            Assert.Equal("sub-1", json.RootElement.GetProperty("data").GetProperty("subscriptionId").GetString());
        }

        var test = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Delivered, DeliveryKind.EndpointTest), (test.State, test.Kind));

        await host.Subscriptions.UpdateAsync(subscription with { Webhook = subscription.Webhook! with { Url = other.Url } }, Ct);
        Assert.Equal(1, await host.QueueEndpointTestsAsync());
        Assert.Equal(1, await host.DispatchAsync());
        Assert.Single(other.Received);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Matching_an_article_queues_no_test_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync(settings: TestEventsOn);
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret), Ct);

        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(DeliveryKind.Alert, (await host.SingleDeliveryAsync("sub-1")).Kind);
    }

    [Fact]
    public async Task Test_event_the_store_failed_to_queue_is_queued_at_the_next_run()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync(settings: TestEventsOn);
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret), Ct);
        var database = host.Settings["Storage:Sqlite:Path"];

        // The deliveries table vanishing makes the store throw, as a real outage would.
        await ExecuteAsync(database!, "ALTER TABLE deliveries RENAME TO deliveries_away;");
        Assert.Equal(0, await host.QueueEndpointTestsAsync());
        await ExecuteAsync(database!, "ALTER TABLE deliveries_away RENAME TO deliveries;");
        Assert.Empty(await host.Deliveries.ListAsync("sub-1", null, 10, Ct));

        Assert.Equal(1, await host.QueueEndpointTestsAsync());
        Assert.Equal(1, await host.DispatchAsync());
        using var json = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("webhook.test", json.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task After_a_restart_an_endpoint_never_tested_gets_its_test_event_however_old_and_a_tested_one_gets_no_second()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "briwatch.db");
        var time = new FakeTimeProvider(AlertingTestHost.Start);
        await using (var first = await AlertingTestHost.StartAsync(time, databasePath: path, settings: TestEventsOn))
        {
            await first.Subscriptions.CreateAsync(TestData.Subscription("tested", "https://h.example.org/1", TestData.NewSecret()), Ct);
            Assert.Equal(1, await first.QueueEndpointTestsAsync());
            // Created after the last run, then the process stopped: its endpoint is owed a test event.
            await first.Subscriptions.CreateAsync(TestData.Subscription("untested", "https://h.example.org/2", TestData.NewSecret()), Ct);
        }

        time.Advance(TimeSpan.FromDays(7));
        await using var second = await AlertingTestHost.StartAsync(time, databasePath: path, settings: TestEventsOn);
        var untested = await second.Subscriptions.GetAsync("untested", Ct);
        Assert.Equal(AlertingTestHost.Start, untested!.CreatedAt);

        Assert.Equal(1, await second.QueueEndpointTestsAsync());

        var test = await second.SingleDeliveryAsync("untested");
        Assert.Equal((DeliveryKind.EndpointTest, "https://h.example.org/2", AlertingTestHost.Start.AddDays(7)), (test.Kind, test.Target, test.CreatedAt));
        Assert.Equal(DeliveryKind.EndpointTest, (await second.SingleDeliveryAsync("tested")).Kind);
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
