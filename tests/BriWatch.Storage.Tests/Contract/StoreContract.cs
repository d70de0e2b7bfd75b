using BriWatch.Storage.Tests.Support;

namespace BriWatch.Storage.Tests.Contract;

/// <summary>
/// Behaviour every storage provider must share, written once. Each provider derives one class that opens a fresh
/// database per test; the tests live in the partial files beside this one, one per store.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    private StoreSet? stores;
    private string? skipReason;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The stores under test; skips the test when the provider is unavailable here.</summary>
    protected StoreSet Stores
    {
        get
        {
            if (skipReason is not null)
            {
                Assert.Skip(skipReason);
            }

            return stores ?? throw new InvalidOperationException("The stores were not created.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        skipReason = UnavailableReason();
        if (skipReason is null)
        {
            stores = await CreateStoresAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stores is not null)
        {
            await DestroyStoresAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Why this provider cannot run here, or null when it can.</summary>
    protected virtual string? UnavailableReason() => null;

    protected abstract Task<StoreSet> CreateStoresAsync();

    protected abstract Task DestroyStoresAsync();

    /// <summary>Removes the subscription's feed token behind the store's back, as rows stored before feeds existed look.</summary>
    protected abstract Task StoreAsBeforeFeedsAsync(string subscriptionId);

    /// <summary>Rewrites the subscription's webhook behind the store's back as versions before encryption stored it: secret in clear, feed token not hashed.</summary>
    protected abstract Task StoreAsBeforeEncryptionAsync(string subscriptionId, string secret);

    /// <summary>The webhook's secret and previous secret exactly as stored.</summary>
    protected abstract Task<(string Secret, string? Previous)> StoredWebhookSecretsAsync(string subscriptionId);
}
