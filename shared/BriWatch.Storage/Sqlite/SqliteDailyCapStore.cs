using BriWatch.Storage.DailyCaps;
using BriWatch.Storage.Validation;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteDailyCapStore(SqliteStorage storage) : IDailyCapStore
{
    public async Task<bool> TryCountAsync(string subscriptionId, DateOnly day, string alertKey, int cap, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DailyCapRules.Validate(subscriptionId, alertKey, cap);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // One statement under SQLite's write lock: the next place is taken only while fewer than the cap are, and the
        // unique (subscription, day, alert) key makes counting the same alert again a no-op.
        await using var insert = connection.Command("""
            INSERT OR IGNORE INTO daily_cap_counts (subscription_id, day, place, alert_key, counted_at)
            SELECT @subscription_id, @day, COUNT(*) + 1, @alert_key, @now FROM daily_cap_counts
            WHERE subscription_id = @subscription_id AND day = @day
            HAVING COUNT(*) < @cap;
            """)
            .With("@subscription_id", subscriptionId)
            .With("@day", DailyCapRules.DayKey(day))
            .With("@alert_key", alertKey)
            .With("@now", SqliteValues.ToMs(now))
            .With("@cap", cap);
        await insert.ExecuteNonQueryAsync(cancellationToken);

        await using var counted = connection.Command("""
            SELECT COUNT(*) FROM daily_cap_counts WHERE subscription_id = @subscription_id AND day = @day AND alert_key = @alert_key;
            """)
            .With("@subscription_id", subscriptionId)
            .With("@day", DailyCapRules.DayKey(day))
            .With("@alert_key", alertKey);
        return Convert.ToInt64(await counted.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public async Task<long> PurgeCountedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM daily_cap_counts WHERE counted_at < @before;")
            .With("@before", SqliteValues.ToMs(before));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
