using System.Globalization;
using BriWatch.Alerting.Dispatch;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Alerting.Tests;

public sealed class DeliveryDispatcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Past the largest jitter of the given retry step, so the next pass finds the delivery due.</summary>
    private static TimeSpan PastRetry(int attemptsMade) => (RetrySchedule.Delays[attemptsMade - 1] * (1 + RetrySchedule.Jitter)) + TimeSpan.FromSeconds(1);

    /// <summary>Short of the smallest jitter of the given retry step.</summary>
    private static TimeSpan BeforeRetry(int attemptsMade) => (RetrySchedule.Delays[attemptsMade - 1] * (1 - RetrySchedule.Jitter)) - TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Matching_article_reaches_the_receiver_signed_with_its_trace_and_is_recorded_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        var created = await host.SingleDeliveryAsync("sub-1");

        Assert.Equal(1, await host.DispatchAsync());

        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid, "The receiver's own check rejected the signature.");
        Assert.Equal(created.Id, received.Id);
        Assert.Equal(host.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), received.Timestamp);
        Assert.Equal(created.Payload, received.Body);
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        Assert.NotNull(received.TraceParent);
        Assert.Equal(created.TraceParent!.Split('-')[1], received.TraceParent.Split('-')[1]);

        var delivered = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Delivered, 1), (delivered.State, delivered.Attempts));
        Assert.Equal(host.Time.GetUtcNow(), delivered.DeliveredAt);
        Assert.Equal(0, await host.DispatchAsync());
    }

    [Fact]
    public async Task Retries_after_500_and_delivers_on_second_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await SubscribeAndMatchAsync(host, receiver.Url, receiver.Secret);
        receiver.Enqueue(500);

        Assert.Equal(1, await host.DispatchAsync());
        var failed = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1), (failed.State, failed.Attempts));
        Assert.Contains("HTTP 500", failed.LastError, StringComparison.Ordinal);
        Assert.InRange(failed.NextAttemptAt - host.Time.GetUtcNow(), TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));

        host.Time.Advance(BeforeRetry(1));
        Assert.Equal(0, await host.DispatchAsync());
        host.Time.Advance(PastRetry(1) - BeforeRetry(1));
        Assert.Equal(1, await host.DispatchAsync());

        var delivered = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Delivered, 2), (delivered.State, delivered.Attempts));
        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        Assert.Single(receiver.Received.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task Gone_410_disables_the_endpoint_and_fails_the_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await SubscribeAndMatchAsync(host, receiver.Url, receiver.Secret);
        receiver.Enqueue(410);

        Assert.Equal(1, await host.DispatchAsync());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Failed, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("410", delivery.LastError, StringComparison.Ordinal);
        var subscription = await host.Subscriptions.GetAsync("sub-1", Ct);
        Assert.True(subscription!.Webhook!.Disabled);

        // Later matches are recorded, not sent: see DisabledSubscriptionMatchTests.
        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-2"));
        var later = Assert.Single(await host.Deliveries.ListAsync("sub-1", null, 10, Ct), d => d.StoryId == "story-2");
        Assert.Equal((DeliveryState.Failed, 0), (later.State, later.Attempts));
        Assert.Equal(0, await host.DispatchAsync());
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Gone_410_whose_body_never_arrives_still_disables_the_endpoint_instead_of_retrying()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await SubscribeAndMatchAsync(host, receiver.Url, receiver.Secret);
        var headersSent = new TaskCompletionSource();
        receiver.EnqueueStalledBody(410, headersSent);

        var attempt = host.DispatchAsync();
        await headersSent.Task.WaitAsync(Deadlines.Event, Ct);
        // Real time for the headers to reach the client over loopback; then the attempt's own (fake) timeout expires
        // while the client is reading the error body.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        host.Time.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal(1, await attempt);

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Failed, 1), (delivery.State, delivery.Attempts));
        Assert.StartsWith("HTTP 410", delivery.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("No answer", delivery.LastError, StringComparison.Ordinal);
        Assert.True((await host.Subscriptions.GetAsync("sub-1", Ct))!.Webhook!.Disabled);
    }

    [Fact]
    public async Task Bad_request_400_fails_at_once_without_retry()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await SubscribeAndMatchAsync(host, receiver.Url, receiver.Secret);
        receiver.Enqueue(400);

        Assert.Equal(1, await host.DispatchAsync());
        host.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await host.DispatchAsync());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Failed, 1), (delivery.State, delivery.Attempts));
        Assert.Equal("HTTP 400 Bad Request: answer 400", delivery.LastError);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Too_many_requests_429_waits_for_Retry_After_rather_than_the_first_step()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await SubscribeAndMatchAsync(host, receiver.Url, receiver.Secret);
        receiver.Enqueue(429, retryAfter: "120");

        Assert.Equal(1, await host.DispatchAsync());
        var waiting = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(host.Time.GetUtcNow().AddSeconds(120), waiting.NextAttemptAt);
        Assert.Contains("HTTP 429", waiting.LastError, StringComparison.Ordinal);

        host.Time.Advance(PastRetry(1));
        Assert.Equal(0, await host.DispatchAsync());
        host.Time.Advance(TimeSpan.FromSeconds(120) - PastRetry(1));
        Assert.Equal(1, await host.DispatchAsync());
        Assert.Equal(DeliveryState.Delivered, (await host.SingleDeliveryAsync("sub-1")).State);
    }

    [Fact]
    public async Task Timeout_after_15_seconds_counts_as_a_failed_attempt_and_is_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync();
        await SubscribeAndMatchAsync(host, receiver.Url, receiver.Secret);
        receiver.EnqueueHang();

        var dispatching = host.DispatchAsync();
        await receiver.NextAsync();
        host.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, await dispatching.WaitAsync(Deadlines.Event, Ct));

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("Timed out: no answer within 15 s", delivery.LastError, StringComparison.Ordinal);

        host.Time.Advance(PastRetry(1));
        Assert.Equal(1, await host.DispatchAsync());
        Assert.Equal(DeliveryState.Delivered, (await host.SingleDeliveryAsync("sub-1")).State);
    }

    [Fact]
    public async Task Receiver_down_for_the_whole_schedule_makes_the_delivery_dead_after_the_last_attempt()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await SubscribeAndMatchAsync(host, WebhookReceiver.UnreachableUrl(), TestData.NewSecret());

        for (var attempt = 1; attempt <= RetrySchedule.MaxAttempts; attempt++)
        {
            Assert.Equal(1, await host.DispatchAsync());
            var delivery = await host.SingleDeliveryAsync("sub-1");
            Assert.Equal(attempt, delivery.Attempts);
            Assert.Contains("Could not connect to http://127.0.0.1:", delivery.LastError, StringComparison.Ordinal);
            if (attempt < RetrySchedule.MaxAttempts)
            {
                Assert.Equal(DeliveryState.Pending, delivery.State);
                host.Time.Advance(PastRetry(attempt));
            }
        }

        var dead = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Dead, 9), (dead.State, dead.Attempts));
        Assert.StartsWith("Gave up after 9 attempts", dead.LastError, StringComparison.Ordinal);
        Assert.InRange(host.Time.GetUtcNow() - AlertingTestHost.Start, TimeSpan.FromHours(37), TimeSpan.FromHours(47));
        host.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0, await host.DispatchAsync());
    }

    [Fact]
    public async Task Restarted_dispatcher_over_the_same_database_resumes_the_schedule()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        receiver.Enqueue(503);
        receiver.Enqueue(503);
        using var directory = new TempDirectory();
        var databasePath = Path.Combine(directory.Path, "briwatch.db");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(AlertingTestHost.Start);
        await using (var before = await AlertingTestHost.StartAsync(time, databasePath))
        {
            await SubscribeAndMatchAsync(before, receiver.Url, receiver.Secret);
            Assert.Equal(1, await before.DispatchAsync());
            time.Advance(PastRetry(1));
            Assert.Equal(1, await before.DispatchAsync());
        }

        await using var after = await AlertingTestHost.StartAsync(time, databasePath);
        var pending = await after.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 2), (pending.State, pending.Attempts));
        Assert.Equal(0, await after.DispatchAsync());

        time.Advance(PastRetry(2));
        Assert.Equal(1, await after.DispatchAsync());

        var delivered = await after.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Delivered, 3), (delivered.State, delivered.Attempts));
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task Loopback_target_is_refused_unless_private_networks_are_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await AlertingTestHost.StartAsync(allowPrivateNetworks: false);
        await SubscribeAndMatchAsync(host, receiver.Url, receiver.Secret);

        Assert.Equal(1, await host.DispatchAsync());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains("Refused to connect", delivery.LastError, StringComparison.Ordinal);
        Assert.Contains("Alerting:AllowPrivateNetworks", delivery.LastError, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Deleted_subscription_fails_its_pending_delivery_with_the_reason()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await SubscribeAndMatchAsync(host, "https://hooks.example.org/x", TestData.NewSecret());
        await host.Subscriptions.DeleteAsync("sub-1", Ct);

        Assert.Equal(1, await host.DispatchAsync());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Equal("Subscription sub-1 no longer exists.", delivery.LastError);
    }

    private static async Task SubscribeAndMatchAsync(AlertingTestHost host, string url, string secret)
    {
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", url, secret), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
    }
}
