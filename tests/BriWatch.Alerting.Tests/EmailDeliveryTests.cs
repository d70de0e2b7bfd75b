using System.Net;
using System.Net.Sockets;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Dispatch;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using MimeKit;

namespace BriWatch.Alerting.Tests;

public sealed class EmailDeliveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TimeSpan PastRetry(int attemptsMade) => (RetrySchedule.Delays[attemptsMade - 1] * (1 + RetrySchedule.Jitter)) + TimeSpan.FromSeconds(1);

    private static TimeSpan BeforeRetry(int attemptsMade) => (RetrySchedule.Delays[attemptsMade - 1] * (1 - RetrySchedule.Jitter)) - TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Matching_article_arrives_in_maildev_as_html_with_text_alternative_subject_and_one_click_unsubscribe_headers()
    {
        await using var maildev = await MailDevServer.StartAsync();
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(maildev.SmtpPort));
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        var created = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryIds.For("sub-1", "story-1", "email"), "email", "analyst@example.org"), (created.Id, created.Channel, created.Target));

        Assert.Equal(1, await host.DispatchAsync());

        var message = Assert.Single(await maildev.WaitForMessagesAsync(1));
        Assert.Equal("BriWatch: Brazil and China sign solar park deal", message.Subject);
        Assert.Equal("analyst@example.org", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(message.From));
        Assert.Equal(("BriWatch Alerts", "alerts@briwatch.example.org"), (from.Name, from.Address));
        Assert.Equal(created.Id + "@briwatch", message.MessageId);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        foreach (var body in new[] { message.TextBody, message.HtmlBody })
        {
            Assert.Contains("Brazil and China sign solar park deal", body, StringComparison.Ordinal);
            Assert.Contains("https://example.org/news/art-1", body, StringComparison.Ordinal);
            Assert.Contains("0.90", body, StringComparison.Ordinal);
            Assert.Contains("energy_new", body, StringComparison.Ordinal);
            Assert.Contains("BR, CN", body, StringComparison.Ordinal);
            Assert.Contains("sign solar park deal", body, StringComparison.Ordinal);
            Assert.Contains("source-xinhua", body, StringComparison.Ordinal);
            Assert.Contains("2026-11-24 10:00 UTC", body, StringComparison.Ordinal);
        }

        Assert.Contains("<a href=\"https://example.org/news/art-1\">", message.HtmlBody, StringComparison.Ordinal);
        Assert.Matches(@"^<https://briwatch\.example\.org/alerts/unsubscribe\?token=[A-Za-z0-9_%.\-]+>$", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);

        var delivered = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Delivered, 1), (delivered.State, delivered.Attempts));
        Assert.Equal(0, await host.DispatchAsync());
    }

    [Fact]
    public async Task Unsubscribe_mailbox_adds_a_mailto_link_after_the_https_link()
    {
        await using var maildev = await MailDevServer.StartAsync();
        var settings = TestData.Smtp(maildev.SmtpPort);
        settings["Alerting:Smtp:UnsubscribeMailbox"] = "unsubscribe@briwatch.example.org";
        await using var host = await AlertingTestHost.StartAsync(settings: settings);
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(1, await host.DispatchAsync());

        var message = Assert.Single(await maildev.WaitForMessagesAsync(1));
        Assert.Matches(
            @"^<https://briwatch\.example\.org/alerts/unsubscribe\?token=[^>]+>, <mailto:unsubscribe@briwatch\.example\.org\?subject=unsubscribe%20[^>]+>$",
            message.Headers["List-Unsubscribe"]);
    }

    [Fact]
    public async Task Subscription_with_webhook_and_email_gets_one_delivery_per_channel_and_a_redelivered_story_adds_none()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var maildev = await MailDevServer.StartAsync();
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(maildev.SmtpPort));
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret) with { Email = new EmailChannel("analyst@example.org") }, Ct);

        await host.PublishAndConsumeAsync(TestData.Article());
        await host.PublishAndConsumeAsync(TestData.Article());

        var deliveries = await host.Deliveries.ListAsync("sub-1", null, 10, Ct);
        Assert.Equal(["email", "webhook"], deliveries.Select(d => d.Channel).Order());
        Assert.Equal(2, await host.DispatchAsync());
        Assert.Single(await maildev.WaitForMessagesAsync(1));
        Assert.True(Assert.Single(receiver.Received).SignatureValid);
        Assert.All(await host.Deliveries.ListAsync("sub-1", null, 10, Ct), d => Assert.Equal(DeliveryState.Delivered, d.State));
    }

    [Fact]
    public async Task Email_to_an_SMTP_server_that_is_down_is_retried_on_the_schedule()
    {
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(ClosedPort()));
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(1, await host.DispatchAsync());
        var first = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1), (first.State, first.Attempts));
        Assert.Contains("Could not reach SMTP server 127.0.0.1:", first.LastError, StringComparison.Ordinal);
        Assert.InRange(first.NextAttemptAt - host.Time.GetUtcNow(), TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));

        host.Time.Advance(BeforeRetry(1));
        Assert.Equal(0, await host.DispatchAsync());
        host.Time.Advance(PastRetry(1) - BeforeRetry(1));
        Assert.Equal(1, await host.DispatchAsync());

        var second = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 2), (second.State, second.Attempts));
        Assert.StartsWith($"Attempt 2 of {RetrySchedule.MaxAttempts}: Could not reach SMTP server", second.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_to_an_SMTP_server_that_never_greets_times_out_on_the_injected_clock_and_is_retried()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(((IPEndPoint)silent.LocalEndpoint).Port));
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        var dispatching = host.DispatchAsync();
        using var accepted = await silent.AcceptTcpClientAsync(Ct);
        host.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, await dispatching.WaitAsync(Deadlines.Event, Ct));

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("did not finish within 20 s", delivery.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_delivery_fails_with_the_reason_when_the_address_is_invalid()
    {
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(ClosedPort()));
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1", address: "not an address"), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(1, await host.DispatchAsync());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Failed, 1), (delivery.State, delivery.Attempts));
        Assert.Equal("'not an address' is not a valid email address.", delivery.LastError);
    }

    [Fact]
    public async Task Email_delivery_waits_with_a_readable_error_while_SMTP_is_not_configured()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(1, await host.DispatchAsync());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("Email is not configured: set Alerting:Smtp:Host", delivery.LastError, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
