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
                time_zone, digest_time, digest_day, quiet_hours, daily_cap)
            VALUES (@id, @owner, @name, @topics, @countries, @min_score, @relevant_only, @query, @mode, @webhook, @email, @enabled, @created_at, @updated_at, @feed_token,
                @time_zone, @digest_time, @digest_day, @quiet_hours, @daily_cap)
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
                time_zone = @time_zone, digest_time = @digest_time, digest_day = @digest_day, quiet_hours = @quiet_hours, daily_cap = @daily_cap
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
            .With("@daily_cap", subscription.DailyCap);

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
    };
}
