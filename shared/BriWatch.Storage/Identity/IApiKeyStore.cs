namespace BriWatch.Storage.Identity;

public interface IApiKeyStore
{
    /// <summary>The key with this prefix, revoked or not, or null.</summary>
    Task<ApiKey?> GetAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Every key, or those of one owner, oldest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListAsync(string? ownerId, CancellationToken cancellationToken);

    /// <summary>False when the prefix (or, against all odds, the secret's hash) is taken. A default CreatedAt is stamped from the clock.</summary>
    Task<bool> CreateAsync(ApiKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Revokes the key at the clock's now, for good. The revocation time, or null when no key has this prefix; a key already
    /// revoked keeps (and answers) its first revocation time.
    /// </summary>
    Task<DateTimeOffset?> RevokeAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the key was used at the clock's now, unless its last use was recorded less than
    /// <see cref="ApiKeys.LastUsedResolution"/> ago (so replicas racing on one busy key write once). True when recorded.
    /// </summary>
    Task<bool> RecordUseAsync(string prefix, CancellationToken cancellationToken);
}
