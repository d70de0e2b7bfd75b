namespace BriWatch.Storage.Deliveries;

public interface IDeliveryStore
{
    /// <summary>
    /// Creates the delivery unless one exists for the same (subscription, story, channel, revision): redelivered or
    /// re-classified stories then produce no second alert. True when created.
    /// </summary>
    Task<bool> TryCreateAsync(Delivery delivery, CancellationToken cancellationToken);

    /// <summary>Every delivery of the story, across subscriptions and channels, oldest first (by creation time, then id).</summary>
    Task<IReadOnlyList<Delivery>> ListForStoryAsync(string storyId, CancellationToken cancellationToken);

    Task<Delivery?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first (by creation time, then id); <paramref name="limit"/> must be at least 1.</summary>
    Task<IReadOnlyList<Delivery>> ListAsync(string? subscriptionId, DeliveryState? state, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> pending deliveries due at <paramref name="now"/>, pushing their
    /// next attempt to <c>now + lease</c> so a crashed dispatcher's work is retried after the lease and no two dispatchers send one delivery at once.
    /// Each claim sets a new <see cref="Delivery.ClaimToken"/>. Longest overdue first; the returned deliveries already carry
    /// the pushed-back next attempt and their claim token.
    /// </summary>
    Task<IReadOnlyList<Delivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the outcome of one attempt; a <see cref="DeliveryState.Delivered"/> outcome stamps DeliveredAt with the attempt time.
    /// With a <see cref="DeliveryAttempt.ClaimToken"/>, writes only while the delivery is still pending under that claim and
    /// returns false otherwise (a newer claim or a replay overtook it), so a stale result never overwrites newer state.
    /// Throws <see cref="KeyNotFoundException"/> when the delivery does not exist.
    /// </summary>
    Task<bool> RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a delivered, failed or dead delivery pending again, due at <paramref name="now"/>, with its attempt count,
    /// last error, delivery time and claim reset. A pending delivery (waiting, or being attempted right now) is left as it is.
    /// </summary>
    Task<ReplayResult> ReplayAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The pending work for the backlog gauges: read at every metrics collection, so it is two indexed aggregates and never
    /// a read of the deliveries themselves.
    /// </summary>
    Task<PendingBacklog> GetPendingBacklogAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="max"/> delivered, failed or dead deliveries created before <c>now - retention</c>,
    /// oldest first; a pending delivery is never deleted, however old. Returns how many it deleted; fewer than
    /// <paramref name="max"/> means none is left to purge. On MongoDB a TTL index with the same rule also deletes them
    /// (within a minute or so of expiring) when no purge runs. <paramref name="max"/> must be at least 1.
    /// </summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken);
}

/// <param name="Retrying">Pending deliveries that have failed at least one attempt and wait for a retry.</param>
/// <param name="OldestCreatedAt">Creation time of the oldest pending delivery; null when nothing is pending.</param>
public sealed record PendingBacklog(long Retrying, DateTimeOffset? OldestCreatedAt);

public enum ReplayResult
{
    Replayed,
    NotFound,
    /// <summary>The delivery is still pending: it is already due to be sent, or being sent, so replaying it could send it twice at once.</summary>
    StillPending,
}

/// <param name="NextAttemptAt">When to try again; only meaningful while <paramref name="State"/> is pending.</param>
/// <param name="ClaimToken">The claim this attempt was made under (<see cref="Delivery.ClaimToken"/>); null writes unconditionally.</param>
/// <param name="Target">Where the delivery now goes when that changed since it was created (the endpoint was edited); null keeps it.</param>
public sealed record DeliveryAttempt(
    string DeliveryId,
    DeliveryState State,
    int Attempts,
    DateTimeOffset At,
    DateTimeOffset NextAttemptAt,
    string? Error,
    string? ClaimToken = null,
    string? Target = null);
