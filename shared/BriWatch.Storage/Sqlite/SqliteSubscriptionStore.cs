using System.Globalization;
using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteSubscriptionStore(SqliteStorage storage, TimeProvider time, WebhookSecretProtector secrets) : ISubscriptionStore
{
    /// <summary>Bounds the compare-and-set retries of a rotation or migration racing with other writers of the same row.</summary>
    private const int MaxRaces = 10;

    public async Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT * FROM subscriptions WHERE id = @id;", c => c.With("@id", id), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<Subscription?> GetByFeedTokenAsync(string token, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(
            "SELECT * FROM subscriptions WHERE feed_token_hash = @hash;", c => c.With("@hash", Subscription.HashFeedToken(token)), cancellationToken);
        return found.Count == 1 && FeedTokens.Match(found[0].FeedToken, token) ? found[0] : null;
    }

    public Task<IReadOnlyList<Subscription>> ListAsync(string? owner, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT * FROM subscriptions WHERE @owner IS NULL OR owner = @owner ORDER BY created_at, id;",
            c => c.With("@owner", owner),
            cancellationToken);

    public Task<IReadOnlyList<Subscription>> ListEnabledAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT * FROM subscriptions WHERE enabled = 1 ORDER BY created_at, id;", _ => { }, cancellationToken);

    public async Task<bool> CreateAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        SubscriptionRules.Validate(subscription);
        var now = time.GetUtcNow();
        var stored = subscription with
        {
            CreatedAt = subscription.CreatedAt == default ? now : subscription.CreatedAt,
            UpdatedAt = subscription.UpdatedAt == default ? now : subscription.UpdatedAt,
            FeedToken = subscription.FeedToken ?? Subscription.GenerateFeedToken(),
        };
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = Bind(connection.Command("""
            INSERT INTO subscriptions (id, owner, name, topics, countries, min_score, relevant_only, query, mode, webhook, email, enabled, created_at, updated_at, feed_token,
                feed_token_hash, time_zone, digest_time, digest_day, quiet_hours, daily_cap, disabled_reason)
            VALUES (@id, @owner, @name, @topics, @countries, @min_score, @relevant_only, @query, @mode, @webhook, @email, @enabled, @created_at, @updated_at, @feed_token,
                @feed_token_hash, @time_zone, @digest_time, @digest_day, @quiet_hours, @daily_cap, @disabled_reason)
            ON CONFLICT (id) DO NOTHING;
            """), stored);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> UpdateAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        SubscriptionRules.Validate(subscription);
        // Creation time is the store's record of when it began, and the feed token changes only when regenerated, so an update moves neither.
        var stored = subscription with { UpdatedAt = time.GetUtcNow() };
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = Bind(connection.Command("""
            UPDATE subscriptions SET owner = @owner, name = @name, topics = @topics, countries = @countries,
                min_score = @min_score, relevant_only = @relevant_only, query = @query, mode = @mode,
                webhook = @webhook, email = @email, enabled = @enabled, updated_at = @updated_at,
                time_zone = @time_zone, digest_time = @digest_time, digest_day = @digest_day, quiet_hours = @quiet_hours, daily_cap = @daily_cap,
                disabled_reason = @disabled_reason
            WHERE id = @id;
            """), stored);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> RegenerateFeedTokenAsync(string id, CancellationToken cancellationToken)
    {
        var token = Subscription.GenerateFeedToken();
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("UPDATE subscriptions SET feed_token = @token, feed_token_hash = @hash, updated_at = @updated_at WHERE id = @id;")
            .With("@id", id)
            .With("@token", token)
            .With("@hash", Subscription.HashFeedToken(token))
            .With("@updated_at", SqliteValues.ToMs(time.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? token : null;
    }

    public async Task<WebhookChannel?> RotateWebhookSecretAsync(string id, string newSecret, DateTimeOffset previousExpiresAt, CancellationToken cancellationToken)
    {
        // Compare-and-set on the stored webhook, so a concurrent edit or rotation is never overwritten with a stale copy.
        var protectedSecret = secrets.Protect(newSecret);
        for (var race = 0; race < MaxRaces; race++)
        {
            var raw = await ReadWebhookAsync(id, cancellationToken);
            if (raw is null)
            {
                return null;
            }

            var rotated = Secured(SqliteValues.FromJson<StoredWebhook>(raw, "subscriptions.webhook")).Rotated(protectedSecret, previousExpiresAt);
            if (await ReplaceWebhookAsync(id, raw, rotated, cancellationToken))
            {
                return secrets.Open(rotated);
            }
        }

        throw new InvalidOperationException($"Subscription {id}'s webhook changed {MaxRaces} times while its secret was being rotated; try again.");
    }

    public async Task<int> SecureStoredSecretsAsync(CancellationToken cancellationToken)
    {
        var changed = await ExecuteCountAsync(
            "SELECT id, feed_token FROM subscriptions WHERE feed_token IS NOT NULL AND feed_token_hash IS NULL;",
            "UPDATE subscriptions SET feed_token_hash = @value WHERE id = @id AND feed_token = @old AND feed_token_hash IS NULL;",
            token => Subscription.HashFeedToken(token),
            cancellationToken);
        var secured = await ExecuteCountAsync(
            "SELECT id, webhook FROM subscriptions WHERE webhook IS NOT NULL;",
            "UPDATE subscriptions SET webhook = @value WHERE id = @id AND webhook = @old;",
            raw => SqliteValues.FromJson<StoredWebhook>(raw, "subscriptions.webhook") is { HasClearSecret: true } clear ? SqliteValues.ToJson(Secured(clear)) : null,
            cancellationToken);
        return changed + secured;
    }

    /// <summary>
    /// Rewrites each selected (id, old) row whose <paramref name="rewrite"/> is not null, only while its value is still
    /// the one read: a row another writer changed meanwhile was written by this version, so it needs nothing.
    /// </summary>
    private async Task<int> ExecuteCountAsync(string select, string update, Func<string, string?> rewrite, CancellationToken cancellationToken)
    {
        var rows = new List<(string Id, string Old)>();
        await using (var connection = await storage.OpenAsync(cancellationToken))
        await using (var command = connection.Command(select))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var changed = 0;
        foreach (var (id, old) in rows)
        {
            if (rewrite(old) is not { } value)
            {
                continue;
            }

            await using var connection = await storage.OpenAsync(cancellationToken);
            await using var command = connection.Command(update).With("@id", id).With("@old", old).With("@value", value);
            changed += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return changed;
    }

    private StoredWebhook Secured(StoredWebhook stored) => stored with
    {
        Secret = secrets.Protect(stored.Secret),
        PreviousSecret = stored.PreviousSecret is null ? null : secrets.Protect(stored.PreviousSecret),
    };

    private async Task<string?> ReadWebhookAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT webhook FROM subscriptions WHERE id = @id;").With("@id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private Task<bool> ReplaceWebhookAsync(string id, string old, StoredWebhook replacement, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE subscriptions SET webhook = @webhook, updated_at = @updated_at WHERE id = @id AND webhook = @old;",
            c => c.With("@id", id).With("@old", old).With("@webhook", SqliteValues.ToJson(replacement)),
            cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM subscriptions WHERE id = @id;").With("@id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DisableWebhookAsync(string id, string url, string reason, CancellationToken cancellationToken)
    {
        // One statement: SET sees the row as it was, and nothing but the endpoint's flag (and, with no channel left, the
        // enabled flag) moves, so an API update racing with this keeps its changes.
        return await ExecuteAsync("""
            UPDATE subscriptions SET
                webhook = json_set(webhook, '$.disabled', json('true')),
                disabled_reason = CASE WHEN email IS NULL AND enabled = 1 THEN @reason ELSE disabled_reason END,
                enabled = CASE WHEN email IS NULL THEN 0 ELSE enabled END,
                updated_at = @updated_at
            WHERE id = @id AND webhook IS NOT NULL AND json_extract(webhook, '$.url') = @url AND COALESCE(json_extract(webhook, '$.disabled'), 0) = 0;
            """, c => c.With("@id", id).With("@url", url).With("@reason", reason), cancellationToken);
    }

    public async Task<bool> RemoveEmailAsync(string id, string reason, CancellationToken cancellationToken)
    {
        return await ExecuteAsync("""
            UPDATE subscriptions SET
                email = NULL,
                disabled_reason = CASE WHEN (webhook IS NULL OR json_extract(webhook, '$.disabled') = 1) AND enabled = 1 THEN @reason ELSE disabled_reason END,
                enabled = CASE WHEN webhook IS NULL OR json_extract(webhook, '$.disabled') = 1 THEN 0 ELSE enabled END,
                updated_at = @updated_at
            WHERE id = @id AND email IS NOT NULL;
            """, c => c.With("@id", id).With("@reason", reason), cancellationToken);
    }

    public async Task<bool> DisableAsync(string id, string reason, CancellationToken cancellationToken)
    {
        return await ExecuteAsync(
            "UPDATE subscriptions SET enabled = 0, disabled_reason = @reason, updated_at = @updated_at WHERE id = @id AND enabled = 1;",
            c => c.With("@id", id).With("@reason", reason),
            cancellationToken);
    }

    private async Task<bool> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql).With("@updated_at", SqliteValues.ToMs(time.GetUtcNow()));
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<IReadOnlyList<Subscription>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<Subscription>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Read(reader));
        }

        return found;
    }

    private SqliteCommand Bind(SqliteCommand command, Subscription subscription) =>
        command
            .With("@id", subscription.Id)
            .With("@owner", subscription.Owner)
            .With("@name", subscription.Name)
            .With("@topics", SqliteValues.ToJson(subscription.Topics))
            .With("@countries", SqliteValues.ToJson(subscription.Countries))
            .With("@min_score", subscription.MinScore)
            .With("@relevant_only", subscription.RelevantOnly)
            .With("@query", subscription.Query)
            .With("@mode", subscription.Mode.ToString())
            .With("@webhook", subscription.Webhook is null ? null : SqliteValues.ToJson(secrets.Seal(subscription.Webhook)))
            .With("@email", subscription.Email is null ? null : SqliteValues.ToJson(subscription.Email))
            .With("@enabled", subscription.Enabled)
            .With("@created_at", SqliteValues.ToMs(subscription.CreatedAt))
            .With("@updated_at", SqliteValues.ToMs(subscription.UpdatedAt))
            .With("@feed_token", subscription.FeedToken)
            .With("@feed_token_hash", subscription.FeedToken is null ? null : Subscription.HashFeedToken(subscription.FeedToken))
            .With("@time_zone", subscription.TimeZone)
            .With("@digest_time", subscription.DigestTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture))
            .With("@digest_day", subscription.DigestDay.ToString())
            .With("@quiet_hours", subscription.QuietHours is null ? null : SqliteValues.ToJson(subscription.QuietHours))
            .With("@daily_cap", subscription.DailyCap)
            .With("@disabled_reason", subscription.DisabledReason);

    private Subscription Read(SqliteDataReader reader) => new()
    {
        Id = reader.Text("id"),
        Owner = reader.Text("owner"),
        Name = reader.Text("name"),
        Topics = reader.Json<List<string>>("topics"),
        Countries = reader.Json<List<string>>("countries"),
        MinScore = reader.Double("min_score"),
        RelevantOnly = reader.Bool("relevant_only"),
        Query = reader.TextOrNull("query"),
        Mode = SqliteValues.ParseEnum<SubscriptionMode>(reader.Text("mode"), "subscriptions.mode"),
        Webhook = reader.JsonOrNull<StoredWebhook>("webhook") is { } webhook ? secrets.Open(webhook) : null,
        Email = reader.JsonOrNull<EmailChannel>("email"),
        Enabled = reader.Bool("enabled"),
        CreatedAt = reader.Time("created_at"),
        UpdatedAt = reader.Time("updated_at"),
        FeedToken = reader.TextOrNull("feed_token"),
        // Rows stored before schedules existed have NULLs here and get the defaults.
        TimeZone = reader.TextOrNull("time_zone") ?? Subscription.DefaultTimeZone,
        DigestTime = reader.TextOrNull("digest_time") is { } digestTime ? TimeOnly.ParseExact(digestTime, "HH:mm:ss", CultureInfo.InvariantCulture) : Subscription.DefaultDigestTime,
        DigestDay = reader.TextOrNull("digest_day") is { } digestDay ? SqliteValues.ParseEnum<DayOfWeek>(digestDay, "subscriptions.digest_day") : DayOfWeek.Monday,
        QuietHours = reader.JsonOrNull<QuietHours>("quiet_hours"),
        DailyCap = reader.IsDBNull(reader.GetOrdinal("daily_cap")) ? null : (int)reader.Long("daily_cap"),
        DisabledReason = reader.TextOrNull("disabled_reason"),
    };
}
