using BriWatch.Storage.Discoveries;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Validation;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteDiscoveryStore(SqliteStorage storage) : IDiscoveryStore
{
    public async Task<bool> AnyKnownAsync(IReadOnlyCollection<string> itemKeys, CancellationToken cancellationToken)
    {
        var keys = KeyRules.Distinct(itemKeys, nameof(itemKeys));
        if (keys.Count == 0)
        {
            return false;
        }

        await using var connection = await storage.OpenAsync(cancellationToken);
        // Keys travel as one JSON array, so any number of them fits in a single parameter.
        await using var command = connection.Command("""
            SELECT EXISTS (SELECT 1 FROM discovery_keys WHERE item_key IN (SELECT value FROM json_each(@keys)));
            """).With("@keys", SqliteValues.ToJson(keys));
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L) == 1;
    }

    public async Task RecordAsync(string articleId, string sourceId, IReadOnlyCollection<string> itemKeys, OutboxMessage announcement, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(articleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        ArgumentNullException.ThrowIfNull(announcement);
        var keys = KeyRules.NonEmpty(itemKeys, nameof(itemKeys));
        await using var connection = await storage.OpenAsync(cancellationToken);
        // One transaction: the keys that make later polls skip the item exist only with the event that announces it.
        await using var transaction = connection.BeginImmediate();
        await using (var command = connection.Command("""
            INSERT INTO discovery_keys (item_key, article_id, source_id, recorded_at)
            SELECT value, @article_id, @source_id, @at FROM json_each(@keys)
            WHERE true
            ON CONFLICT (item_key) DO NOTHING;
            """, transaction)
            .With("@keys", SqliteValues.ToJson(keys))
            .With("@article_id", articleId)
            .With("@source_id", sourceId)
            .With("@at", SqliteValues.ToMs(announcement.CreatedAt)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await SqliteOutboxStore.InsertAsync(connection, transaction, announcement, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
