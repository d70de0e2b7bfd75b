namespace BriWatch.Storage.WebSub;

/// <summary>The crawler's WebSub subscriptions: one per source, found by source or by callback token.</summary>
public interface IWebSubSubscriptionStore
{
    Task<WebSubSubscription?> GetBySourceAsync(string sourceId, CancellationToken cancellationToken);

    Task<WebSubSubscription?> GetByTokenAsync(string callbackToken, CancellationToken cancellationToken);

    /// <summary>
    /// Records a new subscription request as <see cref="WebSubState.Pending"/>, replacing the source's previous subscription
    /// (hub, topic, secret and token all change). Tokens must be unique across sources.
    /// </summary>
    Task SaveRequestAsync(WebSubSubscription subscription, CancellationToken cancellationToken);

    /// <summary>The hub verified the subscription named by <paramref name="callbackToken"/>; false when unknown or denied.</summary>
    Task<bool> ActivateAsync(string callbackToken, DateTimeOffset leaseExpiresAt, DateTimeOffset renewAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The hub refused the subscription named by <paramref name="callbackToken"/>; false when unknown.</summary>
    Task<bool> DenyAsync(string callbackToken, string? reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> active subscriptions whose renewal is due at <paramref name="now"/>, moving their
    /// renewal to <paramref name="retryAt"/> so no other replica claims them again before then; verification sets the real one.
    /// </summary>
    Task<IReadOnlyList<WebSubSubscription>> ClaimRenewalsAsync(DateTimeOffset now, DateTimeOffset retryAt, int limit, CancellationToken cancellationToken);
}
