using BriWatch.Crawler.Fetching;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>Builds the production <see cref="FeedFetcher"/> (same handler, same guard) with test options.</summary>
public static class Fetchers
{
    public static FeedFetcher Create(Action<CrawlerOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new CrawlerOptions { AllowPrivateNetworks = true, RequestTimeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        var client = new HttpClient(FeedFetcher.CreateHandler(options)) { Timeout = Timeout.InfiniteTimeSpan };
        return new FeedFetcher(client, Options.Create(options), time ?? TimeProvider.System);
    }
}
