using BriWatch.Storage.Sources;

namespace BriWatch.Crawler.Consumers;

/// <summary>
/// One crawl's claim on its source, renewed every third of the lease while the crawl runs so that a crawl of any length
/// keeps the source to itself, yet a crashed holder's claim lapses after one lease. When a renewal finds the claim taken
/// over (it lapsed, e.g. the process stalled, and another replica claimed the source) <see cref="Token"/> is cancelled so
/// this crawl stops rather than duplicate that one. Disposing it releases the claim unless the crawl's outcome ended it.
/// </summary>
internal sealed class HeldCrawlClaim : IAsyncDisposable
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(10);

    private readonly ISourceStore sources;
    private readonly TimeSpan lease;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopRenewing = new();
    private readonly CancellationTokenSource crawl;
    private readonly Task renewing;
    private volatile bool lost;
    private bool ended;

    private HeldCrawlClaim(ISourceStore sources, CrawlClaim claim, TimeSpan lease, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        this.sources = sources;
        Claim = claim;
        this.lease = lease;
        this.time = time;
        this.logger = logger;
        crawl = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        renewing = RenewAsync();
    }

    public CrawlClaim Claim { get; }

    /// <summary>Cancelled when the crawl must stop: its message was cancelled, or the claim was lost.</summary>
    public CancellationToken Token => crawl.Token;

    /// <summary>The claim was found taken over by another crawl.</summary>
    public bool Lost => lost;

    /// <summary>Claims <paramref name="sourceId"/> for this crawl; null when another crawl holds it or the source does not exist.</summary>
    public static async Task<HeldCrawlClaim?> TryTakeAsync(
        ISourceStore sources, string sourceId, string holder, TimeSpan lease, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var claim = await sources.TryClaimCrawlAsync(sourceId, holder, time.GetUtcNow(), lease, cancellationToken);
        return claim is null ? null : new HeldCrawlClaim(sources, claim, lease, time, logger, cancellationToken);
    }

    /// <summary>
    /// Stops renewing and runs the crawl's completion <paramref name="write"/> with the claim token; the store accepts it
    /// only under this claim and ends the claim with it.
    /// </summary>
    public async Task<T> EndWithAsync<T>(Func<string, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        await StopRenewingAsync();
        var result = await write(Claim.Token);
        ended = true;
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync();
        if (!ended && !lost)
        {
            await ReleaseAsync();
        }

        stopRenewing.Dispose();
        crawl.Dispose();
    }

    private async Task StopRenewingAsync()
    {
        await stopRenewing.CancelAsync();
        await renewing;
    }

    private async Task RenewAsync()
    {
        var period = lease / 3 > TimeSpan.Zero ? lease / 3 : lease;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopRenewing.Token))
            {
                try
                {
                    if (!await sources.RenewCrawlClaimAsync(Claim.Source.Id, Claim.Token, time.GetUtcNow(), lease, stopRenewing.Token))
                    {
                        logger.LogWarning(
                            "Crawl of source {SourceId} lost its claim (it lapsed and another crawl took the source over); this crawl stops",
                            Claim.Source.Id);
                        lost = true;
                        await crawl.CancelAsync();
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The claim still lasts a full lease from the last renewal, and the next tick tries again.
                    logger.LogWarning(ex, "Could not renew the crawl claim on source {SourceId}; retrying", Claim.Source.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stopRenewing.IsCancellationRequested)
        {
        }
    }

    private async Task ReleaseAsync()
    {
        // Also when the crawl was cancelled (shutdown): the next crawl then need not wait for the claim to lapse.
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await sources.ReleaseCrawlClaimAsync(Claim.Source.Id, Claim.Token, timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release the crawl claim on source {SourceId}; it lapses after {Lease}", Claim.Source.Id, lease);
        }
    }
}
