using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BriWatch.Storage;

/// <summary>
/// Creates the SQLite schema or the MongoDB indexes when the host starts, so the first message does not pay for it.
/// An unreachable store does not stop the host: stores retry on first use and /health/ready reports it meanwhile.
/// </summary>
internal sealed class StorageStartup(IStoragePing store, ILogger<StorageStartup> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            await store.PingAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The store could not be prepared at start-up; it will be retried on first use");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
