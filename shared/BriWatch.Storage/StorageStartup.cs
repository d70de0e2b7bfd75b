using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BriWatch.Storage;

/// <summary>
/// Creates the SQLite schema or the MongoDB indexes when the host starts, so the first message does not pay for it, then
/// encrypts webhook secrets older versions stored in clear (and hashes their feed tokens).
/// An unreachable store does not stop the host: stores retry on first use and /health/ready reports it meanwhile; a
/// secret left in clear is still read and signs as before, and is encrypted at the next start.
/// </summary>
internal sealed class StorageStartup(IStoragePing store, ISubscriptionStore subscriptions, ILogger<StorageStartup> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            await store.PingAsync(timeout.Token);
            if (await subscriptions.SecureStoredSecretsAsync(timeout.Token) is > 0 and var secured)
            {
                logger.LogInformation("Encrypted webhook secrets and hashed feed tokens stored by an older version ({Count} values)", secured);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The store could not be prepared at start-up; it will be retried on first use");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
