namespace BriWatch.Storage.Stories;

/// <summary>Near-duplicate fingerprints of classified articles, looked up by locality-sensitive band keys.</summary>
public interface IStoryIndex
{
    /// <summary>Fingerprints recorded at or after <paramref name="since"/> sharing at least one band key, newest first.</summary>
    Task<IReadOnlyList<StoryFingerprint>> FindByBandsAsync(IReadOnlyCollection<string> bandKeys, DateTimeOffset since, int max, CancellationToken cancellationToken);

    /// <summary>Stores the fingerprint; a second call for the same article replaces the first.</summary>
    Task AddAsync(StoryFingerprint fingerprint, CancellationToken cancellationToken);
}

/// <param name="Signature">The article's sketch (SimHash or MinHash values), compared exactly after a band match.</param>
public sealed record StoryFingerprint(
    string ArticleId,
    string StoryId,
    IReadOnlyList<ulong> Signature,
    IReadOnlyList<string> BandKeys,
    DateTimeOffset At);
