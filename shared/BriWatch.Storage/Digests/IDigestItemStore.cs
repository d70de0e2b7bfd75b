namespace BriWatch.Storage.Digests;

public interface IDigestItemStore
{
    /// <summary>
    /// Holds the item for its digest unless its (subscription, story, revision) is already held or was sent, so a
    /// story classified twice or redelivered appears once, and each of its developments once. True when added.
    /// </summary>
    Task<bool> TryAddAsync(DigestItem item, CancellationToken cancellationToken);

    /// <summary>Every item of the story, waiting or sent, across subscriptions, oldest match first (then subscription, revision).</summary>
    Task<IReadOnlyList<DigestItem>> ListForStoryAsync(string storyId, CancellationToken cancellationToken);

    /// <summary>The earliest due time among the subscription's waiting items; null when none waits.</summary>
    Task<DateTimeOffset?> NextDueAsync(string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Every subscription with waiting items, each with the earliest due time among them; earliest first.</summary>
    Task<IReadOnlyList<DueDigest>> ListNextDueAsync(CancellationToken cancellationToken);

    /// <summary>The waiting items of one digest, oldest match first (then by story id and revision).</summary>
    Task<IReadOnlyList<DigestItem>> ListWaitingAsync(DueDigest digest, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the listed waiting items of one digest as sent in <paramref name="digestId"/>; how many were marked. Only
    /// those listed: an item held for the same digest after the assembler read it was in no payload, so it keeps waiting.
    /// </summary>
    Task<int> MarkSentAsync(DueDigest digest, IReadOnlyCollection<DigestItemKey> items, string digestId, CancellationToken cancellationToken);
}
