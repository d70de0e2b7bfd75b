using BriWatch.Storage.Sources;
using BriWatch.Storage.Subscriptions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BriWatch.Host.Demo;

/// <summary>Once the server listens, points the demo source and subscription at this host's own address.</summary>
internal sealed class DemoSeeder(
    IHostApplicationLifetime lifetime,
    IServer server,
    ISourceStore sources,
    ISubscriptionStore subscriptions,
    DemoReceiver receiver,
    DemoAccess access,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        var baseUrl = LoopbackBaseUrl();
        var now = time.GetUtcNow();
        var source = new Source
        {
            Id = DemoSetup.SourceId,
            Name = "BriWatch demo feed",
            Url = baseUrl + DemoSetup.FeedPath,
            Kind = SourceKind.Rss,
            Language = "en",
            PollInterval = TimeSpan.FromSeconds(30),
            CreatedAt = now,
            UpdatedAt = now,
            Crawl = new SourceCrawlState { NextAttemptAt = now },
        };
        if (!await sources.CreateAsync(source, stoppingToken))
        {
            // The port may differ from the last demo run.
            await sources.UpdateDefinitionAsync(source, stoppingToken);
        }

        var mine = await subscriptions.ListAsync(DemoSetup.SubscriptionOwner, stoppingToken);
        var existing = mine.Count > 0 ? mine[0] : null;
        // The store decrypts the secret; one whose key ring was lost (a deleted data folder) is replaced.
        var secret = existing?.Webhook is { SecretUnreadable: null } readable ? readable.Secret : WebhookChannel.GenerateSecret();
        var subscription = new Subscription
        {
            Id = existing?.Id ?? "sub_demo",
            Owner = DemoSetup.SubscriptionOwner,
            Name = "Demo: every relevant item",
            Webhook = new WebhookChannel(baseUrl + DemoSetup.WebhookPath, secret),
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
        };
        receiver.Secret = secret;
        if (existing is null)
        {
            await subscriptions.CreateAsync(subscription, stoppingToken);
        }
        else
        {
            await subscriptions.UpdateAsync(subscription, stoppingToken);
        }

        var key = await access.CreateKeyAsync(stoppingToken);
        logger.LogInformation(
            "Demo ready: feed {FeedUrl} is polled every 30 s; alerts to {WebhookUrl} are printed here. Dashboard: {BaseUrl}/ (sign in with the demo admin key {ApiKey})",
            source.Url,
            subscription.Webhook.Url,
            baseUrl,
            key);
    }

    private string LoopbackBaseUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The demo needs an http:// listening address (--urls).");
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        return $"http://127.0.0.1:{uri.Port}";
    }
}
