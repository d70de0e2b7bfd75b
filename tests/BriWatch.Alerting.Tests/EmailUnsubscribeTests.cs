using System.Net;
using System.Text;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Email;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Alerting.Tests;

public sealed class EmailUnsubscribeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_click_link_from_a_received_email_removes_the_email_channel_and_keeps_the_webhook()
    {
        await using var maildev = await MailDevServer.StartAsync();
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(maildev.SmtpPort));
        await host.Subscriptions.CreateAsync(TestData.Subscription("sub-1", "https://hooks.example.org/a", TestData.NewSecret()) with { Email = new EmailChannel("analyst@example.org") }, Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        await host.DispatchAsync();
        var message = Assert.Single(await maildev.WaitForMessagesAsync(1));
        var header = message.Headers["List-Unsubscribe"];
        Assert.NotNull(header);
        var link = new Uri(header.Trim('<', '>'));
        Assert.Equal(TestData.PublicBaseUrl + "/alerts/unsubscribe", link.GetLeftPart(UriPartial.Path));
        await using var endpoints = await UnsubscribeEndpointHost.StartAsync(host.Settings, host.Time);

        using var page = await endpoints.Client.GetAsync(link.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.NotNull((await host.Subscriptions.GetAsync("sub-1", Ct))!.Email);

        // What a mail client sends for RFC 8058 one-click.
        using var oneClick = await endpoints.Client.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Ct);
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Contains("Unsubscribed", await oneClick.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var subscription = (await host.Subscriptions.GetAsync("sub-1", Ct))!;
        Assert.Null(subscription.Email);
        Assert.NotNull(subscription.Webhook);
        Assert.True(subscription.Enabled);

        using var again = await endpoints.Client.PostAsync(link.PathAndQuery, null, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        await host.PublishAndConsumeAsync(TestData.Article(storyId: "story-2"));
        var next = (await host.Deliveries.ListAsync("sub-1", null, 10, Ct)).Where(d => d.StoryId == "story-2");
        Assert.Equal("webhook", Assert.Single(next).Channel);
    }

    [Fact]
    public async Task Unsubscribing_the_only_channel_disables_the_subscription_and_its_pending_email_fails_with_the_reason()
    {
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(port: 25));
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        var token = host.Services.GetRequiredService<UnsubscribeTokens>().Create("sub-1", "email");
        await using var endpoints = await UnsubscribeEndpointHost.StartAsync(host.Settings, host.Time);

        using var response = await endpoints.Client.PostAsync("/alerts/unsubscribe?token=" + Uri.EscapeDataString(token), null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var subscription = (await host.Subscriptions.GetAsync("sub-1", Ct))!;
        Assert.Null(subscription.Email);
        Assert.False(subscription.Enabled);
        Assert.Equal(1, await host.DispatchAsync());
        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Equal("Subscription sub-1 is disabled.", delivery.LastError);
    }

    [Fact]
    public async Task Unsubscribing_email_when_the_webhook_is_disabled_disables_the_subscription_with_the_reason()
    {
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(port: 25));
        var subscription = TestData.Subscription("sub-1", "https://hooks.example.org/gone", TestData.NewSecret());
        await host.Subscriptions.CreateAsync(
            subscription with { Webhook = subscription.Webhook! with { Disabled = true }, Email = new EmailChannel("analyst@example.org") }, Ct);
        var token = host.Services.GetRequiredService<UnsubscribeTokens>().Create("sub-1", "email");
        await using var endpoints = await UnsubscribeEndpointHost.StartAsync(host.Settings, host.Time);

        using var response = await endpoints.Client.PostAsync("/alerts/unsubscribe?token=" + Uri.EscapeDataString(token), null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await host.Subscriptions.GetAsync("sub-1", Ct))!;
        Assert.Null(stored.Email);
        Assert.False(stored.Enabled);
        Assert.Contains("unsubscribed", stored.DisabledReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("other-key")]
    [InlineData("other-channel")]
    [InlineData("garbage")]
    [InlineData("missing")]
    public async Task Invalid_token_is_rejected_with_400_problem_json_and_changes_nothing(string kind)
    {
        await using var host = await AlertingTestHost.StartAsync(settings: TestData.Smtp(port: 25));
        await host.Subscriptions.CreateAsync(TestData.EmailSubscription("sub-1"), Ct);
        var tokens = host.Services.GetRequiredService<UnsubscribeTokens>();
        var genuine = tokens.Create("sub-2", DeliveryChannels.Email);
        var query = kind switch
        {
            // A real token for another subscription with its id swapped: the signature no longer fits.
            "forged" => "?token=" + WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("v1\nsub-1\nemail")) + "." + genuine.Split('.')[1],
            "other-key" => "?token=" + Uri.EscapeDataString(OtherKeyTokens().Create("sub-1", DeliveryChannels.Email)),
            "other-channel" => "?token=" + Uri.EscapeDataString(tokens.Create("sub-1", DeliveryChannels.Webhook)),
            "garbage" => "?token=%%%not-a-token",
            _ => "",
        };
        await using var endpoints = await UnsubscribeEndpointHost.StartAsync(host.Settings, host.Time);

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Get })
        {
            using var response = await endpoints.Client.SendAsync(new HttpRequestMessage(method, "/alerts/unsubscribe" + query), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"title\":", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.NotNull((await host.Subscriptions.GetAsync("sub-1", Ct))!.Email);
    }

    [Fact]
    public void Token_names_its_subscription_and_channel_and_any_altered_byte_breaks_it()
    {
        var tokens = Tokens("a-signing-key-that-is-32-chars-long!");
        var token = tokens.Create("sub-42", "email");

        Assert.True(tokens.TryRead(token, out var subscriptionId, out var channel));
        Assert.Equal(("sub-42", "email"), (subscriptionId, channel));
        for (var i = 0; i < token.Length; i++)
        {
            var altered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.False(tokens.TryRead(altered, out _, out _), $"Altering character {i} went unnoticed.");
        }

        Assert.False(OtherKeyTokens().TryRead(token, out _, out _));
    }

    private static UnsubscribeTokens OtherKeyTokens() => Tokens("another-signing-key-of-32-chars!!");

    private static UnsubscribeTokens Tokens(string key) => new(
        Microsoft.Extensions.Options.Options.Create(new AlertingOptions { UnsubscribeSigningKey = key }),
        Microsoft.Extensions.Logging.Abstractions.NullLogger<UnsubscribeTokens>.Instance);
}
