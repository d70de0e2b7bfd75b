using System.Net;
using System.Net.Sockets;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Dispatch;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Alerting.Tests;

public sealed class DispatchFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Parses as a digest (type, period, subscription and a list of items), but its one item is null, so composing the
    // email throws rather than failing cleanly: the kind of fault that used to be retried every lease, forever.
    private const string BrokenDigest = """
        {"type":"digest","timestamp":"2026-11-24T12:00:00Z",
         "period":{"mode":"daily","timeZone":"UTC","start":"2026-11-23T12:00:00Z","end":"2026-11-24T12:00:00Z"},
         "subscriptionId":"sub-1","subscriptionName":"Name of sub-1","items":[null]}
        """;

    [Fact]
    public async Task Delivery_whose_sending_throws_counts_each_attempt_shows_the_error_and_ends_dead()
    {
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(ClosedPort()));
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        var now = host.Time.GetUtcNow();
        Assert.True(await host.Deliveries.TryCreateAsync(
            new Storage.Deliveries.Delivery
            {
                Id = "dlv-broken", SubscriptionId = "sub-1", StoryId = "story-1", ArticleId = "art-1", Channel = DeliveryChannels.Email,
                Target = "analyst@example.org", Payload = BrokenDigest, NextAttemptAt = now, CreatedAt = now,
            },
            Ct));

        Assert.Equal(1, await host.DispatchAsync());

        var first = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1), (first.State, first.Attempts));
        Assert.Contains("Unexpected error: NullReferenceException", first.LastError, StringComparison.Ordinal);
        Assert.InRange(first.NextAttemptAt - host.Time.GetUtcNow(), TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));

        for (var attempts = 1; attempts < RetrySchedule.MaxAttempts; attempts++)
        {
            host.Time.Advance((RetrySchedule.Delays[attempts - 1] * (1 + RetrySchedule.Jitter)) + TimeSpan.FromSeconds(1));
            Assert.Equal(1, await host.DispatchAsync());
        }

        var dead = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Dead, RetrySchedule.MaxAttempts), (dead.State, dead.Attempts));
        Assert.StartsWith($"Gave up after {RetrySchedule.MaxAttempts} attempts; last: Unexpected error: NullReferenceException", dead.LastError, StringComparison.Ordinal);
        host.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await host.DispatchAsync());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
