using BriWatch.Crawler.Fetching;
using BriWatch.ServiceDefaults.Networking;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>Builds the production <see cref="FeedFetcher"/> (same handlers, same guard) with test options.</summary>
public static class Fetchers
{
    public static FeedFetcher Create(Action<CrawlerOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new CrawlerOptions { AllowPrivateNetworks = true, RequestTimeout = TimeSpan.FromSeconds(10), PerHostDelay = TimeSpan.Zero, RespectRobotsTxt = false };
        configure?.Invoke(options);
        var client = new HttpClient(new StaleConnectionRetryHandler(FeedFetcher.CreateHandler(options))) { Timeout = Timeout.InfiniteTimeSpan };
        time ??= TimeProvider.System;
        return new FeedFetcher(client, new HostGate(time, Options.Create(options)), new RobotsCache(time), Options.Create(options), time);
    }
}
