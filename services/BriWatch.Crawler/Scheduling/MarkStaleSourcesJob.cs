using BriWatch.Contracts;
using BriWatch.Storage.Sources;
using MassTransit;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriWatch.Crawler.Scheduling;

/// <summary>
/// Flags each enabled source silent (no new item since <see cref="SourceCrawlState.LastNewItemAt"/>, else since it was
/// added) for longer than twice its <see cref="PollPlanner.ExpectedPeriod"/>, publishing one <see cref="SourceStale"/> per
/// transition, and clears the flag of a source no longer silent by that measure (e.g. its expected period was raised).
/// New items clear it too, when the fetch is recorded. Every replica may run this: the store reports a transition to only
/// one of them.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MarkStaleSourcesJob(
    ISourceStore sources,
    IPublishEndpoint publish,
    IOptions<CrawlerOptions> options,
    TimeProvider time,
    ILogger<MarkStaleSourcesJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var source in await sources.ListAsync(cancellationToken))
        {
            if (!source.Enabled)
            {
                continue;
            }

            var expected = PollPlanner.ExpectedPeriod(source, options.Value.MaxBackoff);
            var silentSince = source.Crawl.LastNewItemAt ?? source.CreatedAt;
            var stale = now - silentSince > expected * 2;
            if (stale == source.Crawl.Stale || !await sources.MarkStaleAsync(source.Id, stale, source.Crawl.LastNewItemAt, cancellationToken))
            {
                continue;
            }

            if (stale)
            {
                await PublishAsync(source, expected, now, cancellationToken);
            }
            else
            {
                logger.LogInformation("Source {SourceId} is no longer stale", source.Id);
            }
        }
    }

    private async Task PublishAsync(Source source, TimeSpan expected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await publish.Publish(new SourceStale(source.Id, source.Crawl.LastNewItemAt, expected, now), cancellationToken);
        }
        catch
        {
            // Undo the flag so the next run sees the transition again and publishes then, rather than never.
            await sources.MarkStaleAsync(source.Id, false, source.Crawl.LastNewItemAt, CancellationToken.None);
            throw;
        }

        logger.LogWarning(
            "Source {SourceId} is stale: no new item since {Since}, expected one every {Expected}",
            source.Id, source.Crawl.LastNewItemAt?.ToString("O") ?? "it was added", expected);
    }
}
