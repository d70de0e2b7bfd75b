using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Digests;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BriWatch.Alerting.Tests;

public sealed class AlertingHostWiringTests
{
    [Fact]
    public async Task Service_host_consumes_ArticleClassified_and_its_Quartz_job_delivers_the_webhook()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(directory.Path, "briwatch.db"),
            ["Alerting:AllowPrivateNetworks"] = "true",
            ["Alerting:DispatchInterval"] = "00:00:00.100",
            ["Alerting:SendEndpointTestEvents"] = "true",
        });
        builder.AddServiceDefaults();
        builder.AddAlertingServices();
        builder.AddBusAndScheduler();
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            // A real host runs on the real clock, so every timestamp the test creates comes from it too.
            var now = TimeProvider.System.GetUtcNow();
            await host.Services.GetRequiredService<ISubscriptionStore>().CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret, at: now), ct);

            await host.Services.GetRequiredService<IBus>().Publish(TestData.Article(at: now), ct);

            // The endpoint's test event and the article's alert, in either order.
            ReceivedWebhook[] received = [await receiver.NextAsync(), await receiver.NextAsync()];
            Assert.Single(received, r => r.Body.Contains("\"type\":\"webhook.test\"", StringComparison.Ordinal));
            var alert = Assert.Single(received, r => r.Body.Contains("\"type\":\"article.matched\"", StringComparison.Ordinal));
            Assert.True(alert.SignatureValid);
            Assert.NotNull(alert.TraceParent);
        }
        finally
        {
            await host.StopAsync(ct);
        }
    }

    [Fact]
    public async Task Service_host_arms_digest_triggers_at_start_and_at_once_sends_a_digest_missed_while_it_was_down()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(directory.Path, "briwatch.db"),
            ["Alerting:AllowPrivateNetworks"] = "true",
            ["Alerting:SendEndpointTestEvents"] = "false",
        });
        builder.AddServiceDefaults();
        builder.AddAlertingServices();
        builder.AddBusAndScheduler();
        using var host = builder.Build();

        // Held before a shutdown, due an hour ago: the process was down at the digest's time.
        var now = TimeProvider.System.GetUtcNow();
        var subscription = TestData.Subscription("sub-1", receiver.Url, receiver.Secret, at: now.AddDays(-2)) with { Mode = SubscriptionMode.DigestDaily };
        await host.Services.GetRequiredService<ISubscriptionStore>().CreateAsync(subscription, ct);
        await host.Services.GetRequiredService<IDigestItemStore>().TryAddAsync(
            new DigestItem
            {
                SubscriptionId = "sub-1",
                StoryId = "story-1",
                ArticleId = "art-1",
                Payload = ArticleMatchedPayload.From(TestData.Article(at: now.AddHours(-5)), subscription).ToJson(),
                MatchedAt = now.AddHours(-5),
                DueAt = now.AddHours(-1),
            },
            ct);

        await host.StartAsync(ct);
        try
        {
            var digest = await receiver.NextAsync();

            Assert.True(digest.SignatureValid);
            using var body = JsonDocument.Parse(digest.Body);
            Assert.Equal("digest", body.RootElement.GetProperty("type").GetString());
            Assert.Equal("story-1", Assert.Single(body.RootElement.GetProperty("items").EnumerateArray()).GetProperty("storyId").GetString());
            var next = await host.Services.GetRequiredService<DigestTriggers>().NextFireAsync("sub-1", ct);
            Assert.True(next > now, $"The trigger was not re-armed for the next digest time (next fire: {next}).");
        }
        finally
        {
            await host.StopAsync(ct);
        }
    }
}
