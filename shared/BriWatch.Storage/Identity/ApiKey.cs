namespace BriWatch.Storage.Identity;

/// <summary>
/// A stored API key: never the key itself, only its <see cref="Prefix"/> (which finds it) and the hash of its secret part
/// (see <see cref="ApiKeys"/>).
/// </summary>
public sealed record ApiKey
{
    /// <summary><c>bw_</c> and random characters; shown in lists and logs to name the key.</summary>
    public required string Prefix { get; init; }
    public required string OwnerId { get; init; }
    /// <summary>Lower-case hex SHA-256 of the secret part.</summary>
    public required string SecretHash { get; init; }
    public required ApiKeyScopes Scopes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>Recorded at most once per <see cref="ApiKeys.LastUsedResolution"/>, so a busy key does not cost a write per request.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>What a key may do. A flags set, so a key's scopes compare and store as one value.</summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,
    /// <summary>Read articles and stories.</summary>
    Read = 1,
    /// <summary>Manage the owner's own subscriptions, deliveries and feeds.</summary>
    Subscriptions = 2,
    /// <summary>Everything an admin may do: sources, users, other owners' data, system views.</summary>
    Admin = 4,
}
