namespace BriWatch.Storage.Outbox;

/// <param name="Pending">Events recorded and not yet completed by their consumer.</param>
/// <param name="OldestCreatedAt">When the oldest of them was recorded; null when there are none.</param>
public sealed record OutboxBacklog(long Pending, DateTimeOffset? OldestCreatedAt);
