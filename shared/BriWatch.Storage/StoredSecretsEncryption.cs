using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriWatch.Storage;

/// <summary>
/// At start-up, encrypts webhook secrets older versions stored in clear (and hashes their feed tokens). Registered only
/// by the services that use the secrets and so must hold the shared key ring (the API and alerting): a crawler with a
/// key ring of its own would encrypt secrets with keys alerting never sees. A failure is logged, not fatal: a secret
/// left in clear is still read and signs as before, and is encrypted at the next start.
/// </summary>
internal sealed class StoredSecretsEncryption(
    ISubscriptionStore subscriptions,
    IOptions<DataProtectionOptions> options,
    ILogger<StoredSecretsEncryption> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.KeyRingPath))
        {
            logger.LogWarning(
                "{Setting} is not set: webhook secrets are encrypted with this process's own Data Protection key ring. The API and alerting (and every replica) must share one key ring directory, or alerting cannot decrypt the secrets the API stored",
                $"{DataProtectionOptions.Section}:{nameof(DataProtectionOptions.KeyRingPath)}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            if (await subscriptions.SecureStoredSecretsAsync(timeout.Token) is > 0 and var secured)
            {
                logger.LogInformation("Encrypted webhook secrets and hashed feed tokens stored by an older version ({Count} values)", secured);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Webhook secrets stored in clear could not be encrypted at start-up; they still work and are retried at the next start");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
