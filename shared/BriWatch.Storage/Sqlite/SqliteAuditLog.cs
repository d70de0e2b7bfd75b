using BriWatch.Storage.Audit;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteAuditLog(SqliteStorage storage, TimeProvider time) : IAuditLog
{
    public async Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        AuditRules.Validate(entry);
        var record = AuditRecords.From(entry, time.GetUtcNow());
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO audit_records (id, at, actor, action, target_type, target_id, before, after)
            VALUES (@id, @at, @actor, @action, @target_type, @target_id, @before, @after);
            """)
            .With("@id", record.Id)
            .With("@at", SqliteValues.ToMs(record.At))
            .With("@actor", record.Actor)
            .With("@action", record.Action)
            .With("@target_type", record.TargetType)
            .With("@target_id", record.TargetId)
            .With("@before", record.Before)
            .With("@after", record.After);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return record;
    }

    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        AuditRules.Validate(query);
        var after = AuditCursor.Decode(query.After);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // One more than asked for says whether there is a next page without a count.
        await using var command = connection.Command("""
            SELECT * FROM audit_records
            WHERE (@actor IS NULL OR actor = @actor)
              AND (@target_type IS NULL OR target_type = @target_type)
              AND (@target_id IS NULL OR target_id = @target_id)
              AND (@after_at IS NULL OR at < @after_at OR (at = @after_at AND id < @after_id))
            ORDER BY at DESC, id DESC
            LIMIT @limit;
            """)
            .With("@actor", query.Actor)
            .With("@target_type", query.TargetType)
            .With("@target_id", query.TargetId)
            .With("@after_at", after?.AtMs)
            .With("@after_id", after?.Id)
            .With("@limit", query.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return AuditRecords.Page(records, query.Limit);
    }

    private static AuditRecord Read(SqliteDataReader reader) => new()
    {
        Id = reader.Text("id"),
        At = reader.Time("at"),
        Actor = reader.Text("actor"),
        Action = reader.Text("action"),
        TargetType = reader.Text("target_type"),
        TargetId = reader.Text("target_id"),
        Before = reader.TextOrNull("before"),
        After = reader.TextOrNull("after"),
    };
}
