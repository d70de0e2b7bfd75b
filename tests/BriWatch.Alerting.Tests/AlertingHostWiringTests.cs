using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.ServiceDefaults;
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
        builder.AddAlertingServices();
        builder.AddBusAndScheduler();
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            await host.Services.GetRequiredService<ISubscriptionStore>().CreateAsync(TestData.Subscription("sub-1", receiver.Url, receiver.Secret), ct);

            await host.Services.GetRequiredService<IBus>().Publish(TestData.Article(), ct);

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
}
