namespace BriWatch.Storage.Digests;

public interface IDigestItemStore
{
    /// <summary>
    /// Holds the item for its digest unless the (subscription, story) is already held or was sent, so a story
    /// classified twice or redelivered appears in one digest once. True when added.
    /// </summary>
    Task<bool> TryAddAsync(DigestItem item, CancellationToken cancellationToken);

    /// <summary>Digests with waiting items due at <paramref name="now"/>, earliest first; <paramref name="max"/> must be at least 1.</summary>
    Task<IReadOnlyList<DueDigest>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The waiting items of one digest, oldest match first (then by story id).</summary>
    Task<IReadOnlyList<DigestItem>> ListWaitingAsync(DueDigest digest, CancellationToken cancellationToken);

    /// <summary>Marks the waiting items of one digest as sent in <paramref name="digestId"/>; how many were marked.</summary>
    Task<int> MarkSentAsync(DueDigest digest, string digestId, CancellationToken cancellationToken);
}
