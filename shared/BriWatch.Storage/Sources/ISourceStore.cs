namespace BriWatch.Storage.Sources;

public interface ISourceStore
{
    Task<Source?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Source>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a new source; false when a source with that id already exists. Default CreatedAt/UpdatedAt are stamped from the clock.</summary>
    Task<bool> CreateAsync(Source source, CancellationToken cancellationToken);

    /// <summary>Adds each source whose id is not yet stored; never overwrites an operator's edits. Returns how many were added.</summary>
    Task<int> AddMissingAsync(IEnumerable<Source> sources, CancellationToken cancellationToken);

    /// <summary>Replaces the operator-editable fields (name, url, kind, language, country, official, enabled, interval, options), keeping crawl state; UpdatedAt becomes the clock's now. False when absent.</summary>
    Task<bool> UpdateDefinitionAsync(Source source, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> enabled sources whose next attempt is due at <paramref name="now"/>,
    /// pushing their next attempt to <c>now + lease</c> so no other scheduler takes them meanwhile.
    /// Returns each with the due time it was claimed for; the returned source already carries the pushed-back next attempt.
    /// <paramref name="lease"/> must be positive and <paramref name="max"/> at least 1.
    /// </summary>
    Task<IReadOnlyList<DueSource>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Records a successful fetch: clears the error and failure count, sets LastWarning to <see cref="FetchSuccess.Warning"/>
    /// (null clears it); with new items, sets LastNewItemAt to the fetch time and clears Stale.
    /// Throws <see cref="KeyNotFoundException"/> when the source no longer exists (e.g. deleted mid-crawl).
    /// </summary>
    Task RecordFetchSuccessAsync(string id, FetchSuccess success, CancellationToken cancellationToken);

    /// <summary>Records a failed fetch (LastWarning, about the last success, is kept) and returns the consecutive failure count after it. Throws <see cref="KeyNotFoundException"/> when the source no longer exists.</summary>
    Task<int> RecordFetchFailureAsync(string id, FetchFailure failure, CancellationToken cancellationToken);

    /// <summary>
    /// Sets or clears the Stale flag, but only while LastNewItemAt is still <paramref name="lastNewItemAt"/>, the value the
    /// decision was based on: an item recorded meanwhile wins. True when the flag changed, so replicas deciding at once
    /// see exactly one transition; false when it already had that value, new items arrived, or the source is absent.
    /// </summary>
    Task<bool> MarkStaleAsync(string id, bool stale, DateTimeOffset? lastNewItemAt, CancellationToken cancellationToken);
}

public sealed record DueSource(Source Source, DateTimeOffset DueAt);

/// <param name="Warning">What the poll worked around, readable (e.g. malformed XML, items recovered); null when it read cleanly.</param>
public sealed record FetchSuccess(
    DateTimeOffset FetchedAt,
    DateTimeOffset NextAttemptAt,
    string? ETag,
    string? LastModified,
    int NewItems,
    string? Warning = null);

public sealed record FetchFailure(string Error, DateTimeOffset FailedAt, DateTimeOffset NextAttemptAt);
