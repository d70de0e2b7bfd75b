namespace BriWatch.Storage.Deliveries;

public interface IDeliveryStore
{
    /// <summary>
    /// Creates the delivery unless one exists for the same (subscription, story, channel): redelivered or
    /// re-classified stories then produce no second alert. True when created.
    /// </summary>
    Task<bool> TryCreateAsync(Delivery delivery, CancellationToken cancellationToken);

    Task<Delivery?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<Delivery>> ListAsync(string? subscriptionId, DeliveryState? state, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> pending deliveries due at <paramref name="now"/>, pushing their
    /// next attempt to <c>now + lease</c> so a crashed dispatcher's work is retried after the lease and no two dispatchers send one delivery at once.
    /// </summary>
    Task<IReadOnlyList<Delivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Writes the outcome of one attempt.</summary>
    Task RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Makes a delivered, failed or dead delivery pending again, due at <paramref name="now"/>, with its attempt count reset. False when absent.</summary>
    Task<bool> ReplayAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="NextAttemptAt">When to try again; only meaningful while <paramref name="State"/> is pending.</param>
public sealed record DeliveryAttempt(
    string DeliveryId,
    DeliveryState State,
    int Attempts,
    DateTimeOffset At,
    DateTimeOffset NextAttemptAt,
    string? Error);
