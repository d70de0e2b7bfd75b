namespace BriWatch.Storage.Subscriptions;

public interface ISubscriptionStore
{
    Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>All subscriptions, optionally of one owner, oldest first.</summary>
    Task<IReadOnlyList<Subscription>> ListAsync(string? owner, CancellationToken cancellationToken);

    /// <summary>Enabled subscriptions, for matching.</summary>
    Task<IReadOnlyList<Subscription>> ListEnabledAsync(CancellationToken cancellationToken);

    /// <summary>False when the id is taken. Default CreatedAt/UpdatedAt are stamped from the clock.</summary>
    Task<bool> CreateAsync(Subscription subscription, CancellationToken cancellationToken);

    /// <summary>Replaces the subscription, keeping its stored CreatedAt and setting UpdatedAt to the clock's now; false when absent.</summary>
    Task<bool> UpdateAsync(Subscription subscription, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
