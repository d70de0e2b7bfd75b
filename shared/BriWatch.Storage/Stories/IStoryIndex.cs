namespace BriWatch.Storage.Stories;

/// <summary>Near-duplicate fingerprints of classified articles, looked up by locality-sensitive band keys.</summary>
public interface IStoryIndex
{
    /// <summary>Fingerprints recorded at or after <paramref name="since"/> sharing at least one band key, newest first.</summary>
    Task<IReadOnlyList<StoryFingerprint>> FindByBandsAsync(IReadOnlyCollection<string> bandKeys, DateTimeOffset since, int max, CancellationToken cancellationToken);

    /// <summary>Stores the fingerprint; a second call for the same article replaces the first.</summary>
    Task AddAsync(StoryFingerprint fingerprint, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="max"/> fingerprints recorded before <c>now - retention</c>, oldest first. Returns how
    /// many it deleted; fewer than <paramref name="max"/> means none is left to purge. On MongoDB a TTL index also deletes
    /// them (within a minute or so of expiring) when no purge runs. <paramref name="max"/> must be at least 1.
    /// </summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken);
}

/// <param name="Signature">The article's sketch (SimHash or MinHash values), compared exactly after a band match.</param>
public sealed record StoryFingerprint(
    string ArticleId,
    string StoryId,
    IReadOnlyList<ulong> Signature,
    IReadOnlyList<string> BandKeys,
    DateTimeOffset At);
