using BriWatch.Storage.Outbox;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteOutboxStore(SqliteStorage storage) : IOutboxStore
{
    public async Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, message, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset redueAt, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // One statement, so SQLite's single writer makes the claim atomic across processes sharing the file.
        await using var command = connection.Command("""
            UPDATE outbox_messages SET due_at = @redue_at, publications = publications + 1
            WHERE id IN (SELECT id FROM outbox_messages WHERE due_at <= @now ORDER BY due_at, rowid LIMIT @max)
            RETURNING rowid AS seq, id, type, payload, created_at, due_at, publications, trace_parent;
            """)
            .With("@now", SqliteValues.ToMs(now))
            .With("@redue_at", SqliteValues.ToMs(redueAt))
            .With("@max", max);
        var claimed = new List<(long Sequence, OutboxMessage Message)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add((reader.Long("seq"), new OutboxMessage(
                reader.Text("id"), reader.Text("type"), reader.Text("payload"), reader.Time("created_at"), reader.Time("due_at"), (int)reader.Long("publications"),
                reader.TextOrNull("trace_parent"))));
        }

        // RETURNING gives no order; publish in the order the events were recorded (a feed's items in feed order).
        return [.. claimed.OrderBy(c => c.Sequence).Select(c => c.Message)];
    }

    public async Task<bool> CompleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM outbox_messages WHERE id = @id;").With("@id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT COUNT(*), MIN(created_at) FROM outbox_messages;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OutboxBacklog(reader.GetInt64(0), reader.IsDBNull(1) ? null : SqliteValues.FromMs(reader.GetInt64(1)));
    }

    /// <summary>Records the event on <paramref name="connection"/>, inside the caller's transaction when it has one.</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction? transaction, OutboxMessage message, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("""
            INSERT INTO outbox_messages (id, type, payload, created_at, due_at, publications, trace_parent)
            VALUES (@id, @type, @payload, @created_at, @due_at, @publications, @trace_parent)
            ON CONFLICT (id) DO NOTHING;
            """, transaction)
            .With("@id", message.Id)
            .With("@type", message.Type)
            .With("@payload", message.Payload)
            .With("@created_at", SqliteValues.ToMs(message.CreatedAt))
            .With("@due_at", SqliteValues.ToMs(message.DueAt))
            .With("@publications", message.Publications)
            .With("@trace_parent", message.TraceParent);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
