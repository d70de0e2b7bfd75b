using BriWatch.Storage.Leases;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteLeaseStore(SqliteStorage storage) : ILeaseStore
{
    public async Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // One statement, so it is atomic: insert when free, else take over only if ours or expired.
        await using var command = connection.Command("""
            INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @until)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= @now;
            """)
            .With("@name", name)
            .With("@holder", holder)
            .With("@until", SqliteValues.ToMs(now + duration))
            .With("@now", SqliteValues.ToMs(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM leases WHERE name = @name AND holder = @holder;")
            .With("@name", name)
            .With("@holder", holder);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
