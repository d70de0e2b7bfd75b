using System.Text.Json;
using BriWatch.Alerting.Delivery;
using BriWatch.Alerting.Matching;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Alerting.Tests;

public sealed class EndpointTestEventTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<AlertingTestHost> StartAsync() =>
        AlertingTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Alerting:SendEndpointTestEvents"] = "true" });

    [Fact]
    public async Task New_endpoint_gets_one_signed_test_event_and_a_changed_url_gets_another()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var other = await WebhookReceiver.StartAsync(receiver.Secret);
        await using var host = await StartAsync();
        var provider = host.Services.GetRequiredService<SubscriptionIndexProvider>();
        var subscription = TestData.Subscription("sub-1", receiver.Url, receiver.Secret);
        await host.Subscriptions.CreateAsync(subscription, Ct);

        await provider.GetAsync(Ct);
        await provider.GetAsync(Ct);
        Assert.Equal(1, await host.DispatchAsync());

        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        using (var json = JsonDocument.Parse(received.Body))
        {
            Assert.Equal("webhook.test", json.RootElement.GetProperty("type").GetString());
            Assert.Equal("sub-1", json.RootElement.GetProperty("data").GetProperty("subscriptionId").GetString());
        }

        var test = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Delivered, EndpointTestEvents.TestStoryId), (test.State, test.ArticleId));

        await host.Subscriptions.UpdateAsync(subscription with { Webhook = subscription.Webhook! with { Url = other.Url } }, Ct);
        await provider.GetAsync(Ct);
        Assert.Equal(1, await host.DispatchAsync());
        Assert.Single(other.Received);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Test_event_the_store_failed_to_queue_is_queued_at_the_next_refresh()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAsync();
        var provider = host.Services.GetRequiredService<SubscriptionIndexProvider>();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret), Ct);
        var database = host.Settings["Storage:Sqlite:Path"];

        // The deliveries table vanishing makes the store throw, as a real outage would.
        await ExecuteAsync(database!, "ALTER TABLE deliveries RENAME TO deliveries_away;");
        var index = await provider.GetAsync(Ct);
        Assert.NotNull(index);
        await ExecuteAsync(database!, "ALTER TABLE deliveries_away RENAME TO deliveries;");
        Assert.Empty(await host.Deliveries.ListAsync("sub-1", null, 10, Ct));

        await provider.GetAsync(Ct);
        Assert.Equal(1, await host.DispatchAsync());
        using var json = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("webhook.test", json.RootElement.GetProperty("type").GetString());
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Restarted_process_does_not_test_an_endpoint_twice()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "briwatch.db");
        var settings = new Dictionary<string, string?> { ["Alerting:SendEndpointTestEvents"] = "true" };
        await using (var first = await AlertingTestHost.StartAsync(databasePath: path, settings: settings))
        {
            await first.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://h.example.org/1", TestData.NewSecret()), Ct);
            await first.Services.GetRequiredService<SubscriptionIndexProvider>().GetAsync(Ct);
        }

        await using var second = await AlertingTestHost.StartAsync(databasePath: path, settings: settings);
        await second.Services.GetRequiredService<SubscriptionIndexProvider>().GetAsync(Ct);

        Assert.Single(await second.Deliveries.ListAsync("sub-1", null, 10, Ct));
    }

    [Fact]
    public async Task Endpoint_of_a_subscription_created_a_week_before_a_restart_gets_its_test_event_after_the_restart()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "briwatch.db");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(AlertingTestHost.Start);

        // The first process stores the subscription and stops before it queues the endpoint's test event.
        await using (var first = await AlertingTestHost.StartAsync(time: clock, databasePath: path))
        {
            await first.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://h.example.org/1", TestData.NewSecret(), at: clock.GetUtcNow()), Ct);
        }

        clock.Advance(TimeSpan.FromDays(7));
        await using var second = await AlertingTestHost.StartAsync(
            time: clock, databasePath: path, settings: new Dictionary<string, string?> { ["Alerting:SendEndpointTestEvents"] = "true" });
        await second.Services.GetRequiredService<SubscriptionIndexProvider>().GetAsync(Ct);

        var test = Assert.Single(await second.Deliveries.ListAsync("sub-1", null, 10, Ct));
        Assert.Equal(EndpointTestEvents.TestStoryId, test.ArticleId);
    }
}
