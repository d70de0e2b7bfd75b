using BriWatch.Storage.Identity;

namespace BriWatch.Api.Identity;

/// <summary>A new API key: its scopes (the default of the owner's role, within the caller's own, when absent) and when it expires.</summary>
internal sealed record KeyRequest(IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt)
{
    public bool TryParseScopes(out ApiKeyScopes scopes, out Validation problem)
    {
        problem = new Validation();
        if (!ApiKeyScopeNames.TryParse(Scopes ?? [], out scopes, out var unknown))
        {
            problem.Add("scopes", $"'{unknown}' is not a scope; use {string.Join(", ", ApiKeyScopeNames.All)}.");
            return false;
        }

        if (Scopes is { Count: 0 })
        {
            problem.Add("scopes", "scopes must name at least one scope, or be left out for the default.");
            return false;
        }

        return true;
    }
}

/// <summary>A key as lists show it: never the key itself, nor its hash.</summary>
internal sealed record KeyResponse(
    string Prefix,
    string OwnerId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public static KeyResponse From(ApiKey key) =>
        new(key.Prefix, key.OwnerId, ApiKeyScopeNames.Format(key.Scopes), key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>The answer to creating a key, the only time <see cref="Key"/> is ever shown.</summary>
internal sealed record CreatedKeyResponse(
    string Key,
    string Prefix,
    string OwnerId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    public static CreatedKeyResponse From(NewApiKey key, ApiKey stored) =>
        new(key.Key, stored.Prefix, stored.OwnerId, ApiKeyScopeNames.Format(stored.Scopes), stored.CreatedAt, stored.ExpiresAt);
}
