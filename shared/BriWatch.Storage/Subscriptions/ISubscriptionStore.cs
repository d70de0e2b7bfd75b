namespace BriWatch.Storage.Subscriptions;

public interface ISubscriptionStore
{
    Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The subscription whose feed URL carries <paramref name="token"/>, or null. Looked up by the token's hash
    /// (<see cref="Subscription.HashFeedToken"/>), so the lookup's timing says nothing about stored tokens.
    /// </summary>
    Task<Subscription?> GetByFeedTokenAsync(string token, CancellationToken cancellationToken);

    /// <summary>All subscriptions, optionally of one owner, oldest first.</summary>
    Task<IReadOnlyList<Subscription>> ListAsync(string? owner, CancellationToken cancellationToken);

    /// <summary>Enabled subscriptions, for matching.</summary>
    Task<IReadOnlyList<Subscription>> ListEnabledAsync(CancellationToken cancellationToken);

    /// <summary>False when the id is taken. Default CreatedAt/UpdatedAt are stamped from the clock; a null FeedToken gets a generated one.</summary>
    Task<bool> CreateAsync(Subscription subscription, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the subscription, keeping its stored CreatedAt and FeedToken and setting UpdatedAt to the clock's now; false when absent.
    /// </summary>
    Task<bool> UpdateAsync(Subscription subscription, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the subscription a new feed token, so the old feed URL stops working, and sets UpdatedAt to the clock's now.
    /// The new token, or null when the subscription is absent.
    /// </summary>
    Task<string?> RegenerateFeedTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="newSecret"/> the webhook's signing secret and keeps the current one as its previous secret,
    /// valid until <paramref name="previousExpiresAt"/>, touching no other field (a previous secret of an earlier rotation
    /// is replaced). Sets UpdatedAt to the clock's now. The channel as rotated, or null when the subscription is absent or
    /// has no webhook.
    /// </summary>
    Task<WebhookChannel?> RotateWebhookSecretAsync(string id, string newSecret, DateTimeOffset previousExpiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Brings rows written by older versions up to date: encrypts webhook secrets still stored in clear and records the
    /// hash of feed tokens stored without one. Idempotent and safe while other processes read and write; how many values
    /// (webhooks and feed token hashes) it rewrote.
    /// </summary>
    Task<int> SecureStoredSecretsAsync(CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the webhook endpoint disabled, but only while it is still <paramref name="url"/> and enabled, so an answer from an
    /// address the subscriber has since replaced never disables the new one. Touches no other field, so a concurrent update is
    /// not lost. A subscription left with no usable channel (no email either) is disabled with <paramref name="reason"/>.
    /// True when the endpoint was disabled.
    /// </summary>
    Task<bool> DisableWebhookAsync(string id, string url, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the email channel, touching no other field. A subscription left with no usable channel (no webhook, or a
    /// disabled one) is disabled with <paramref name="reason"/>. True when there was an email channel to remove.
    /// </summary>
    Task<bool> RemoveEmailAsync(string id, string reason, CancellationToken cancellationToken);

    /// <summary>Disables an enabled subscription, recording <paramref name="reason"/>; true when it was enabled.</summary>
    Task<bool> DisableAsync(string id, string reason, CancellationToken cancellationToken);
}
