namespace BriWatch.Storage.WebSub;

/// <summary>The crawler's WebSub subscriptions: one per source, found by source or by callback token.</summary>
public interface IWebSubSubscriptionStore
{
    Task<WebSubSubscription?> GetBySourceAsync(string sourceId, CancellationToken cancellationToken);

    Task<WebSubSubscription?> GetByTokenAsync(string callbackToken, CancellationToken cancellationToken);

    /// <summary>Every subscription, for views that show each source's WebSub state next to it.</summary>
    Task<IReadOnlyList<WebSubSubscription>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records a new subscription request as <see cref="WebSubState.Pending"/>, replacing the source's previous subscription
    /// (hub, topic, secret and token all change) and its last error: the new request's outcome is what matters now. Tokens must be
    /// unique across sources.
    /// </summary>
    Task SaveRequestAsync(WebSubSubscription subscription, CancellationToken cancellationToken);

    /// <summary>
    /// The hub verified the subscription named by <paramref name="callbackToken"/>, which also clears its last error (the
    /// subscription works again); false when unknown or denied.
    /// </summary>
    Task<bool> ActivateAsync(string callbackToken, DateTimeOffset leaseExpiresAt, DateTimeOffset renewAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The hub refused the subscription named by <paramref name="callbackToken"/>; false when unknown.</summary>
    Task<bool> DenyAsync(string callbackToken, string? reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> active subscriptions whose renewal is due at <paramref name="now"/>, moving their
    /// renewal to <paramref name="retryAt"/> so no other replica claims them again before then; verification sets the real one.
    /// </summary>
    Task<IReadOnlyList<WebSubSubscription>> ClaimRenewalsAsync(DateTimeOffset now, DateTimeOffset retryAt, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records what went wrong with the source's subscription, for operators, changing nothing else (its state, lease and
    /// <see cref="WebSubSubscription.UpdatedAt"/>, which paces retries, stay); false when the source has none.
    /// </summary>
    Task<bool> RecordProblemAsync(string sourceId, string error, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Clears the source's last error after something worked (an accepted push), changing nothing else; false when the source has none.</summary>
    Task<bool> ClearProblemAsync(string sourceId, CancellationToken cancellationToken);
}
