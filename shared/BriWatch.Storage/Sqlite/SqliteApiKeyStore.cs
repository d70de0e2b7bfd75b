using BriWatch.Storage.Identity;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

/// <summary>API keys by prefix; scopes are stored space-separated, as OAuth writes a scope list.</summary>
public sealed class SqliteApiKeyStore(SqliteStorage storage, TimeProvider time) : IApiKeyStore
{
    public async Task<ApiKey?> GetAsync(string prefix, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT * FROM api_keys WHERE prefix = @prefix;", c => c.With("@prefix", prefix), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<ApiKey>> ListAsync(string? ownerId, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT * FROM api_keys WHERE @owner_id IS NULL OR owner_id = @owner_id ORDER BY created_at, prefix;",
            c => c.With("@owner_id", ownerId),
            cancellationToken);

    public async Task<bool> CreateAsync(ApiKey key, CancellationToken cancellationToken)
    {
        IdentityRules.Validate(key);
        var stored = key with { CreatedAt = key.CreatedAt == default ? time.GetUtcNow() : key.CreatedAt };
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO api_keys (prefix, owner_id, secret_hash, scopes, created_at, expires_at, last_used_at, revoked_at)
            VALUES (@prefix, @owner_id, @secret_hash, @scopes, @created_at, @expires_at, @last_used_at, @revoked_at)
            ON CONFLICT DO NOTHING;
            """)
            .With("@prefix", stored.Prefix)
            .With("@owner_id", stored.OwnerId)
            .With("@secret_hash", stored.SecretHash)
            .With("@scopes", string.Join(' ', ApiKeyScopeNames.Format(stored.Scopes)))
            .With("@created_at", SqliteValues.ToMs(stored.CreatedAt))
            .With("@expires_at", SqliteValues.ToMs(stored.ExpiresAt))
            .With("@last_used_at", SqliteValues.ToMs(stored.LastUsedAt))
            .With("@revoked_at", SqliteValues.ToMs(stored.RevokedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<DateTimeOffset?> RevokeAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        // COALESCE keeps the first revocation time, so revoking twice does not rewrite history.
        await using var command = connection.Command("""
            UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @now) WHERE prefix = @prefix RETURNING revoked_at;
            """)
            .With("@prefix", prefix)
            .With("@now", SqliteValues.ToMs(time.GetUtcNow()));
        return await command.ExecuteScalarAsync(cancellationToken) is long revokedAt ? SqliteValues.FromMs(revokedAt) : null;
    }

    public async Task<bool> RecordUseAsync(string prefix, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE api_keys SET last_used_at = @now
            WHERE prefix = @prefix AND (last_used_at IS NULL OR last_used_at <= @due);
            """)
            .With("@prefix", prefix)
            .With("@now", SqliteValues.ToMs(now))
            .With("@due", SqliteValues.ToMs(now - ApiKeys.LastUsedResolution));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<IReadOnlyList<ApiKey>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKey
            {
                Prefix = reader.Text("prefix"),
                OwnerId = reader.Text("owner_id"),
                SecretHash = reader.Text("secret_hash"),
                Scopes = ApiKeyScopeNames.ParseStored(reader.Text("scopes").Split(' ', StringSplitOptions.RemoveEmptyEntries), "scopes"),
                CreatedAt = reader.Time("created_at"),
                ExpiresAt = reader.TimeOrNull("expires_at"),
                LastUsedAt = reader.TimeOrNull("last_used_at"),
                RevokedAt = reader.TimeOrNull("revoked_at"),
            });
        }

        return keys;
    }
}
