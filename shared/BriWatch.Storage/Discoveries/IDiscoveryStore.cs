namespace BriWatch.Storage.Discoveries;

/// <summary>The crawler's memory of which items it has already announced.</summary>
public interface IDiscoveryStore
{
    /// <summary>True when any of <paramref name="itemKeys"/> (canonical URL, guid, content hash) was recorded before (exact, case-sensitive match); false for no keys.</summary>
    Task<bool> AnyKnownAsync(IReadOnlyCollection<string> itemKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Records every key for the article; keys already present are kept (a unique index makes this idempotent).
    /// Needs at least one key; blank keys are rejected with <see cref="ArgumentException"/>.
    /// </summary>
    Task RecordAsync(string articleId, string sourceId, IReadOnlyCollection<string> itemKeys, DateTimeOffset at, CancellationToken cancellationToken);
}
