using BriWatch.Storage.WebSub;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteWebSubSubscriptionStore(SqliteStorage storage) : IWebSubSubscriptionStore
{
    public Task<WebSubSubscription?> GetBySourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        return GetAsync("source_id", sourceId, cancellationToken);
    }

    public Task<WebSubSubscription?> GetByTokenAsync(string callbackToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callbackToken);
        return GetAsync("callback_token", callbackToken, cancellationToken);
    }

    public async Task SaveRequestAsync(WebSubSubscription subscription, CancellationToken cancellationToken)
    {
        WebSubRules.Validate(subscription);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO websub_subscriptions
                (source_id, hub, topic, secret, callback_token, state, lease_expires_at, renew_at, denied_reason, requested_at, updated_at, last_error, last_error_at)
            VALUES (@source_id, @hub, @topic, @secret, @token, @state, NULL, NULL, NULL, @at, @at, NULL, NULL)
            ON CONFLICT (source_id) DO UPDATE SET hub = excluded.hub, topic = excluded.topic, secret = excluded.secret,
                callback_token = excluded.callback_token, state = excluded.state, lease_expires_at = NULL, renew_at = NULL,
                denied_reason = NULL, requested_at = excluded.requested_at, updated_at = excluded.updated_at, last_error = NULL, last_error_at = NULL;
            """)
            .With("@source_id", subscription.SourceId)
            .With("@hub", subscription.Hub)
            .With("@topic", subscription.Topic)
            .With("@secret", subscription.Secret)
            .With("@token", subscription.CallbackToken)
            .With("@state", subscription.State.ToString())
            .With("@at", SqliteValues.ToMs(subscription.RequestedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ActivateAsync(string callbackToken, DateTimeOffset leaseExpiresAt, DateTimeOffset renewAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callbackToken);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE websub_subscriptions SET state = 'Active', lease_expires_at = @lease, renew_at = @renew, updated_at = @now,
                last_error = NULL, last_error_at = NULL
            WHERE callback_token = @token AND state <> 'Denied';
            """)
            .With("@token", callbackToken)
            .With("@lease", SqliteValues.ToMs(leaseExpiresAt))
            .With("@renew", SqliteValues.ToMs(renewAt))
            .With("@now", SqliteValues.ToMs(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DenyAsync(string callbackToken, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callbackToken);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE websub_subscriptions SET state = 'Denied', denied_reason = @reason, lease_expires_at = NULL, renew_at = NULL, updated_at = @now
            WHERE callback_token = @token;
            """)
            .With("@token", callbackToken)
            .With("@reason", reason)
            .With("@now", SqliteValues.ToMs(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RecordProblemAsync(string sourceId, string error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("UPDATE websub_subscriptions SET last_error = @error, last_error_at = @at WHERE source_id = @source_id;")
            .With("@source_id", sourceId)
            .With("@error", error)
            .With("@at", SqliteValues.ToMs(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> ClearProblemAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("UPDATE websub_subscriptions SET last_error = NULL, last_error_at = NULL WHERE source_id = @source_id;")
            .With("@source_id", sourceId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<WebSubSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT * FROM websub_subscriptions ORDER BY source_id;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var all = new List<WebSubSubscription>();
        while (await reader.ReadAsync(cancellationToken))
        {
            all.Add(Read(reader));
        }

        return all;
    }

    public async Task<IReadOnlyList<WebSubSubscription>> ClaimRenewalsAsync(DateTimeOffset now, DateTimeOffset retryAt, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAt, now);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginImmediate();
        var due = new List<WebSubSubscription>();
        await using (var select = connection.Command("""
            SELECT * FROM websub_subscriptions WHERE state = 'Active' AND renew_at <= @now
            ORDER BY renew_at, source_id LIMIT @limit;
            """, transaction).With("@now", SqliteValues.ToMs(now)).With("@limit", limit))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(Read(reader));
            }
        }

        await using (var update = connection.Command(
                "UPDATE websub_subscriptions SET renew_at = @retry WHERE source_id IN (SELECT value FROM json_each(@ids));", transaction)
            .With("@retry", SqliteValues.ToMs(retryAt))
            .With("@ids", SqliteValues.ToJson(due.Select(s => s.SourceId))))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var retry = SqliteValues.FromMs(SqliteValues.ToMs(retryAt));
        return [.. due.Select(s => s with { RenewAt = retry })];
    }

    private async Task<WebSubSubscription?> GetAsync(string column, string value, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        // The column name is one of two constants above, never input.
        await using var command = connection.Command($"SELECT * FROM websub_subscriptions WHERE {column} = @value;").With("@value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static WebSubSubscription Read(SqliteDataReader reader) => new(
        reader.Text("source_id"),
        reader.Text("hub"),
        reader.Text("topic"),
        reader.Text("secret"),
        reader.Text("callback_token"),
        SqliteValues.ParseEnum<WebSubState>(reader.Text("state"), "state"),
        reader.TimeOrNull("lease_expires_at"),
        reader.TimeOrNull("renew_at"),
        reader.TextOrNull("denied_reason"),
        reader.Time("requested_at"),
        reader.Time("updated_at"),
        reader.TextOrNull("last_error"),
        reader.TimeOrNull("last_error_at"));
}
