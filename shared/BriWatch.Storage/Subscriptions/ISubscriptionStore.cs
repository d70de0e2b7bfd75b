namespace BriWatch.Storage.Subscriptions;

public interface ISubscriptionStore
{
    Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The subscription whose feed URL carries <paramref name="token"/>, or null.</summary>
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

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
