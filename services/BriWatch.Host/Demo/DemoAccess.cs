using BriWatch.Storage.Identity;

namespace BriWatch.Host.Demo;

/// <summary>
/// The demo's admin key: made at every start (earlier demo keys are revoked, as nobody can read them again), printed with
/// the dashboard's address so a newcomer can sign in.
/// </summary>
internal sealed class DemoAccess(IUserStore users, IApiKeyStore keys)
{
    private readonly TaskCompletionSource<string> key = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The key, once the demo has made it.</summary>
    public Task<string> Key => key.Task;

    public async Task<string> CreateKeyAsync(CancellationToken cancellationToken)
    {
        var owner = DemoSetup.SubscriptionOwner;
        if (await users.GetAsync(owner, cancellationToken) is null)
        {
            await users.CreateAsync(new User { OwnerId = owner, DisplayName = "Demo admin", Role = UserRole.Admin }, cancellationToken);
        }

        foreach (var earlier in await keys.ListAsync(owner, cancellationToken))
        {
            if (earlier.RevokedAt is null)
            {
                await keys.RevokeAsync(earlier.Prefix, cancellationToken);
            }
        }

        var generated = ApiKeys.Generate();
        var stored = new ApiKey
        {
            Prefix = generated.Prefix,
            OwnerId = owner,
            SecretHash = generated.SecretHash,
            Scopes = ApiKeyScopes.Read | ApiKeyScopes.Subscriptions | ApiKeyScopes.Admin,
        };
        if (!await keys.CreateAsync(stored, cancellationToken))
        {
            throw new InvalidOperationException($"The demo key's random prefix {generated.Prefix} is taken; start the demo again.");
        }

        key.TrySetResult(generated.Key);
        return generated.Key;
    }
}
