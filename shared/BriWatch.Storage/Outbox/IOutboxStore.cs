namespace BriWatch.Storage.Outbox;

/// <summary>
/// The transactional outbox: events recorded with the state change that caused them, kept until their consumer has
/// finished with them. Stages record events through their own store's write (for example
/// <see cref="Discoveries.IDiscoveryStore.RecordAsync"/>) or <see cref="EnqueueAsync"/>; the relay claims and publishes.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Records the event unless one with its id is still pending (that one is kept, due as it was).</summary>
    Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> events due at <paramref name="now"/>, earliest due first: each is returned with its
    /// publication count raised and is due again at <paramref name="redueAt"/>, so a relay that dies before or after
    /// publishing it, or a consumer that never finishes, gets it published again then. Concurrent relays never claim the
    /// same event for the same due time.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset redueAt, int max, CancellationToken cancellationToken);

    /// <summary>Removes the event: its consumer has finished with it. False when it was already gone (idempotent).</summary>
    Task<bool> CompleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>How many events are pending and how old the oldest is.</summary>
    Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken);
}
