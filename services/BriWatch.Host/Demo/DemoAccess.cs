using BriWatch.Storage.Identity;

namespace BriWatch.Host.Demo;

/// <summary>
/// The demo's admin key: made at every start (earlier demo keys are revoked, as nobody can read them again), printed with
/// the dashboard's address so a newcomer can sign in. Issued and revoked like any key, so the audit log shows them.
/// </summary>
internal sealed class DemoAccess(ApiKeyIssuer issuer, IApiKeyStore keys)
{
    private const string Actor = "demo";
    private readonly TaskCompletionSource<string> key = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The key, once the demo has made it.</summary>
    public Task<string> Key => key.Task;

    public async Task<string> CreateKeyAsync(CancellationToken cancellationToken)
    {
        foreach (var earlier in await keys.ListAsync(DemoSetup.SubscriptionOwner, cancellationToken))
        {
            if (earlier.RevokedAt is null)
            {
                await issuer.RevokeAsync(Actor, earlier.Prefix, cancellationToken);
            }
        }

        var issued = await issuer.IssueAsync(
            new ApiKeyIssueRequest { Actor = Actor, OwnerId = DemoSetup.SubscriptionOwner, NewOwnerRole = UserRole.Admin },
            cancellationToken);
        if (issued.Key is null)
        {
            throw new InvalidOperationException($"The demo could not make its admin key: {issued.Message}.");
        }

        key.TrySetResult(issued.Key.Key);
        return issued.Key.Key;
    }
}
