using BriWatch.Storage.WebSub;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriWatch.Crawler.WebSub;

/// <summary>
/// Re-subscribes live WebSub subscriptions before their leases end. A claim moves each renewal a retry interval ahead, so
/// replicas never renew one twice and a hub that never verifies is asked again later; its verification sets the next renewal.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RenewWebSubLeasesJob(
    IWebSubSubscriptionStore subscriptions,
    WebSubHubClient hub,
    IOptions<CrawlerOptions> options,
    TimeProvider time,
    ILogger<RenewWebSubLeasesJob> logger) : IJob
{
    private const int MaxRenewalsPerRun = 50;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value.WebSub;
        if (!settings.Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        var due = await subscriptions.ClaimRenewalsAsync(now, now + settings.RetryInterval, MaxRenewalsPerRun, cancellationToken);
        foreach (var subscription in due)
        {
            if (await hub.SubscribeAsync(subscription, cancellationToken) is { } error)
            {
                logger.LogWarning("Source {SourceId}: renewing the WebSub lease at {Hub} failed, retried at {Retry:O}: {Error}", subscription.SourceId, subscription.Hub, subscription.RenewAt, error);
                await subscriptions.RecordAsync(
                    subscription.SourceId, $"renewing the lease at hub {subscription.Hub} failed, retried at {subscription.RenewAt:O}: {error}", time.GetUtcNow(), logger, cancellationToken);
            }
            else
            {
                logger.LogInformation("Source {SourceId}: asked {Hub} to renew the lease for {Topic}, ending {Expiry:O}", subscription.SourceId, subscription.Hub, subscription.Topic, subscription.LeaseExpiresAt);
            }
        }
    }
}
