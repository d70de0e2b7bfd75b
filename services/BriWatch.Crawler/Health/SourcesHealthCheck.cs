using BriWatch.Storage.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Health;

/// <summary>
/// Degraded when every enabled source has been failing for longer than <see cref="CrawlerOptions.AllSourcesFailingThreshold"/>:
/// the crawler still runs, but nothing new can come in (typically the network or DNS is down). One source failing is its
/// own business and shows in its crawl state; some sources still succeeding keeps the crawler healthy.
/// </summary>
internal sealed class SourcesHealthCheck(ISourceStore sources, IOptions<CrawlerOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var enabled = (await sources.ListAsync(cancellationToken)).Where(s => s.Enabled).ToList();
        if (enabled.Count == 0 || enabled.Exists(s => s.Crawl.ConsecutiveFailures == 0))
        {
            return HealthCheckResult.Healthy($"{enabled.Count(s => s.Crawl.ConsecutiveFailures == 0)} of {enabled.Count} sources without a failure since their last poll");
        }

        // A source that never succeeded has been failing since it was added.
        var threshold = options.Value.AllSourcesFailingThreshold;
        var lastSuccess = enabled.Max(s => s.Crawl.LastSuccessAt ?? s.CreatedAt);
        var failingFor = time.GetUtcNow() - lastSuccess;
        if (failingFor <= threshold)
        {
            return HealthCheckResult.Healthy($"all {enabled.Count} sources failing, for {Duration(failingFor)} (degraded after {Duration(threshold)})");
        }

        var example = enabled.OrderByDescending(s => s.Crawl.LastFetchedAt).First();
        return HealthCheckResult.Degraded(
            $"all {enabled.Count} sources have failed for more than {Duration(threshold)}; e.g. {example.Id}: {example.Crawl.LastError}");
    }

    private static string Duration(TimeSpan span) =>
        span >= TimeSpan.FromHours(1) ? $"{span.TotalHours:0.#} h"
        : span >= TimeSpan.FromMinutes(1) ? $"{span.TotalMinutes:0.#} min"
        : $"{span.TotalSeconds:0.#} s";
}
