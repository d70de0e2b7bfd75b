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
    /// Atomically takes up to <paramref name="max"/> enabled sources whose next attempt is due at <paramref name="now"/>
    /// and that no crawl holds (<see cref="TryClaimCrawlAsync"/>) at <paramref name="now"/>, pushing their next attempt to
    /// <c>now + lease</c> so no other scheduler takes them meanwhile.
    /// Returns each with the due time it was claimed for; the returned source already carries the pushed-back next attempt.
    /// <paramref name="lease"/> must be positive and <paramref name="max"/> at least 1.
    /// </summary>
    Task<IReadOnlyList<DueSource>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the source for one crawl by <paramref name="holder"/> until <c>now + lease</c>, with a new claim token, unless
    /// another crawl's claim on it is still live at <paramref name="now"/> (an expired claim, whose holder stopped renewing it,
    /// is taken over). Returns the source as stored with the claim, or null when it is held or does not exist.
    /// <paramref name="lease"/> must be positive.
    /// </summary>
    Task<CrawlClaim?> TryClaimCrawlAsync(string id, string holder, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the crawl claim <paramref name="claimToken"/> to <c>now + lease</c> while it is still the source's claim (also
    /// after it expired, as long as nobody took it over). False when it is not: taken over, ended, or the source is gone.
    /// </summary>
    Task<bool> RenewCrawlClaimAsync(string id, string claimToken, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Ends the crawl claim <paramref name="claimToken"/> without recording an outcome (the crawl was cut short); false when it was not the source's claim.</summary>
    Task<bool> ReleaseCrawlClaimAsync(string id, string claimToken, CancellationToken cancellationToken);

    /// <summary>
    /// Records a successful fetch: clears the error and failure count, sets LastWarning to <see cref="FetchSuccess.Warning"/>
    /// (null clears it); with new items, sets LastNewItemAt to the fetch time and clears Stale.
    /// With a <see cref="FetchSuccess.ClaimToken"/>, writes only while that crawl claim is the source's, ends the claim, and
    /// returns false otherwise (another crawl took the source over), so a superseded crawl never overwrites newer state.
    /// Throws <see cref="KeyNotFoundException"/> when the source no longer exists (e.g. deleted mid-crawl).
    /// </summary>
    Task<bool> RecordFetchSuccessAsync(string id, FetchSuccess success, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed fetch (LastWarning, about the last success, is kept) and returns the consecutive failure count after it;
    /// under a <see cref="FetchFailure.ClaimToken"/> like <see cref="RecordFetchSuccessAsync"/>, null when that claim was no
    /// longer the source's. Throws <see cref="KeyNotFoundException"/> when the source no longer exists.
    /// </summary>
    Task<int?> RecordFetchFailureAsync(string id, FetchFailure failure, CancellationToken cancellationToken);

    /// <summary>
    /// Sets or clears the Stale flag, but only while LastNewItemAt is still <paramref name="lastNewItemAt"/>, the value the
    /// decision was based on: an item recorded meanwhile wins. True when the flag changed, so replicas deciding at once
    /// see exactly one transition; false when it already had that value, new items arrived, or the source is absent.
    /// </summary>
    Task<bool> MarkStaleAsync(string id, bool stale, DateTimeOffset? lastNewItemAt, CancellationToken cancellationToken);
}

public sealed record DueSource(Source Source, DateTimeOffset DueAt);

/// <summary>A source held by one crawl: only the holder of <paramref name="Token"/> may renew the claim and record the crawl's outcome.</summary>
/// <param name="Source">The source as stored when it was claimed.</param>
/// <param name="Holder">The crawler replica holding the claim, readable when debugging.</param>
/// <param name="ExpiresAt">When the claim lapses unless renewed; another crawl may then take the source over.</param>
public sealed record CrawlClaim(Source Source, string Holder, string Token, DateTimeOffset ExpiresAt);

/// <param name="Warning">What the poll worked around, readable (e.g. malformed XML, items recovered); null when it read cleanly.</param>
/// <param name="ClaimToken">The crawl claim (<see cref="CrawlClaim.Token"/>) the fetch was made under; null writes unconditionally and leaves any claim alone.</param>
public sealed record FetchSuccess(
    DateTimeOffset FetchedAt,
    DateTimeOffset NextAttemptAt,
    string? ETag,
    string? LastModified,
    int NewItems,
    string? Warning = null,
    string? ClaimToken = null);

/// <param name="ClaimToken">The crawl claim (<see cref="CrawlClaim.Token"/>) the fetch was made under; null writes unconditionally and leaves any claim alone.</param>
public sealed record FetchFailure(string Error, DateTimeOffset FailedAt, DateTimeOffset NextAttemptAt, string? ClaimToken = null);
