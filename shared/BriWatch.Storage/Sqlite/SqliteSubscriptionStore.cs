using System.Globalization;
using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteSubscriptionStore(SqliteStorage storage, TimeProvider time) : ISubscriptionStore
{
    public async Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT * FROM subscriptions WHERE id = @id;", c => c.With("@id", id), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<Subscription?> GetByFeedTokenAsync(string token, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT * FROM subscriptions WHERE feed_token = @token;", c => c.With("@token", token), cancellationToken);
        return found.Count == 0 ? null : found[0];
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
                time_zone, digest_time, digest_day, quiet_hours, daily_cap, disabled_reason)
            VALUES (@id, @owner, @name, @topics, @countries, @min_score, @relevant_only, @query, @mode, @webhook, @email, @enabled, @created_at, @updated_at, @feed_token,
                @time_zone, @digest_time, @digest_day, @quiet_hours, @daily_cap, @disabled_reason)
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
        await using var command = connection.Command("UPDATE subscriptions SET feed_token = @token, updated_at = @updated_at WHERE id = @id;")
            .With("@id", id)
            .With("@token", token)
            .With("@updated_at", SqliteValues.ToMs(time.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? token : null;
    }

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

    private static SqliteCommand Bind(SqliteCommand command, Subscription subscription) =>
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
            .With("@webhook", subscription.Webhook is null ? null : SqliteValues.ToJson(subscription.Webhook))
            .With("@email", subscription.Email is null ? null : SqliteValues.ToJson(subscription.Email))
            .With("@enabled", subscription.Enabled)
            .With("@created_at", SqliteValues.ToMs(subscription.CreatedAt))
            .With("@updated_at", SqliteValues.ToMs(subscription.UpdatedAt))
            .With("@feed_token", subscription.FeedToken)
            .With("@time_zone", subscription.TimeZone)
            .With("@digest_time", subscription.DigestTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture))
            .With("@digest_day", subscription.DigestDay.ToString())
            .With("@quiet_hours", subscription.QuietHours is null ? null : SqliteValues.ToJson(subscription.QuietHours))
            .With("@daily_cap", subscription.DailyCap)
            .With("@disabled_reason", subscription.DisabledReason);

    private static Subscription Read(SqliteDataReader reader) => new()
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
        Webhook = reader.JsonOrNull<WebhookChannel>("webhook"),
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
