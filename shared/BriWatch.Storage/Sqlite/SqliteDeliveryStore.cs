using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteDeliveryStore(SqliteStorage storage) : IDeliveryStore
{
    public async Task<bool> TryCreateAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        DeliveryRules.Validate(delivery);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // DO NOTHING covers both the id and the (subscription, story, channel, revision) unique index.
        await using var command = connection.Command("""
            INSERT INTO deliveries (id, subscription_id, story_id, article_id, channel, target, payload, state, attempts,
                next_attempt_at, last_error, created_at, delivered_at, trace_parent, revision, stage, amount_usd, kind)
            VALUES (@id, @subscription_id, @story_id, @article_id, @channel, @target, @payload, @state, @attempts,
                @next_attempt_at, @last_error, @created_at, @delivered_at, @trace_parent, @revision, @stage, @amount_usd, @kind)
            ON CONFLICT DO NOTHING;
            """)
            .With("@id", delivery.Id)
            .With("@subscription_id", delivery.SubscriptionId)
            .With("@story_id", delivery.StoryId)
            .With("@article_id", delivery.ArticleId)
            .With("@channel", delivery.Channel)
            .With("@target", delivery.Target)
            .With("@payload", delivery.Payload)
            .With("@state", delivery.State.ToString())
            .With("@attempts", delivery.Attempts)
            .With("@next_attempt_at", SqliteValues.ToMs(delivery.NextAttemptAt))
            .With("@last_error", delivery.LastError)
            .With("@created_at", SqliteValues.ToMs(delivery.CreatedAt))
            .With("@delivered_at", SqliteValues.ToMs(delivery.DeliveredAt))
            .With("@trace_parent", delivery.TraceParent)
            .With("@revision", delivery.Revision)
            .With("@stage", delivery.Stage)
            .With("@amount_usd", delivery.AmountUsd)
            .With("@kind", delivery.Kind.ToString());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<Delivery>> ListForStoryAsync(string storyId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT * FROM deliveries WHERE story_id = @story_id ORDER BY created_at, id;")
            .With("@story_id", storyId);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<Delivery?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT * FROM deliveries WHERE id = @id;").With("@id", id);
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<Delivery>> ListAsync(string? subscriptionId, DeliveryState? state, int limit, CancellationToken cancellationToken)
    {
        DeliveryRules.ValidateLimit(limit);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT * FROM deliveries
            WHERE (@subscription_id IS NULL OR subscription_id = @subscription_id) AND (@state IS NULL OR state = @state)
            ORDER BY created_at DESC, id DESC LIMIT @limit;
            """)
            .With("@subscription_id", subscriptionId)
            .With("@state", state?.ToString())
            .With("@limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<PendingBacklog> GetPendingBacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT COUNT(*) FILTER (WHERE attempts > 0), MIN(created_at) FROM deliveries WHERE state = @pending;
            """)
            .With("@pending", nameof(DeliveryState.Pending));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PendingBacklog(reader.GetInt64(0), reader.IsDBNull(1) ? null : SqliteValues.FromMs(reader.GetInt64(1)));
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken)
    {
        var cutoff = RetentionRules.Cutoff(now, retention, max);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // One statement: a delivery replayed (made pending) between choosing and deleting cannot be caught in between.
        await using var command = connection.Command("""
            DELETE FROM deliveries WHERE id IN (
                SELECT id FROM deliveries WHERE created_at < @cutoff AND state <> @pending ORDER BY created_at LIMIT @max);
            """)
            .With("@cutoff", SqliteValues.ToMs(cutoff))
            .With("@pending", nameof(DeliveryState.Pending))
            .With("@max", max);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Delivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        ClaimRules.Validate(lease, max);
        // As stored: millisecond precision.
        var leaseUntil = SqliteValues.FromMs(SqliteValues.ToMs(now + lease));
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginImmediate();
        await using var select = connection.Command("""
            SELECT * FROM deliveries WHERE state = @pending AND next_attempt_at <= @now
            ORDER BY next_attempt_at, id LIMIT @max;
            """, transaction)
            .With("@pending", nameof(DeliveryState.Pending))
            .With("@now", SqliteValues.ToMs(now))
            .With("@max", max);
        var due = await ReadAllAsync(select, cancellationToken);
        var claimed = new List<Delivery>(due.Count);
        foreach (var delivery in due)
        {
            // A token per delivery and claim: recording the attempt requires it, so an attempt this claim outlived cannot.
            var token = Guid.NewGuid().ToString("N");
            await using var update = connection.Command(
                    "UPDATE deliveries SET next_attempt_at = @until, claim_token = @token WHERE id = @id;", transaction)
                .With("@until", SqliteValues.ToMs(leaseUntil))
                .With("@token", token)
                .With("@id", delivery.Id);
            await update.ExecuteNonQueryAsync(cancellationToken);
            claimed.Add(delivery with { NextAttemptAt = leaseUntil, ClaimToken = token });
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    public async Task<bool> RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        DeliveryRules.Validate(attempt);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE deliveries SET state = @state, attempts = @attempts, next_attempt_at = @next, last_error = @error,
                delivered_at = CASE WHEN @state = @delivered THEN @at ELSE delivered_at END,
                target = COALESCE(@target, target)
            WHERE id = @id AND (@claim IS NULL OR (claim_token = @claim AND state = @pending));
            """)
            .With("@id", attempt.DeliveryId)
            .With("@state", attempt.State.ToString())
            .With("@delivered", nameof(DeliveryState.Delivered))
            .With("@pending", nameof(DeliveryState.Pending))
            .With("@attempts", attempt.Attempts)
            .With("@next", SqliteValues.ToMs(attempt.NextAttemptAt))
            .With("@error", attempt.Error)
            .With("@at", SqliteValues.ToMs(attempt.At))
            .With("@claim", attempt.ClaimToken)
            .With("@target", attempt.Target);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return true;
        }

        return await ExistsAsync(connection, attempt.DeliveryId, cancellationToken) ? false : throw DeliveryRules.Missing(attempt.DeliveryId);
    }

    public async Task<ReplayResult> ReplayAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        // Only finished deliveries: a pending one is due or in flight, and replaying it would let two attempts race.
        await using var command = connection.Command("""
            UPDATE deliveries SET state = @pending, attempts = 0, next_attempt_at = @now, last_error = NULL, delivered_at = NULL, claim_token = NULL
            WHERE id = @id AND state IN (@delivered, @failed, @dead);
            """)
            .With("@id", id)
            .With("@pending", nameof(DeliveryState.Pending))
            .With("@delivered", nameof(DeliveryState.Delivered))
            .With("@failed", nameof(DeliveryState.Failed))
            .With("@dead", nameof(DeliveryState.Dead))
            .With("@now", SqliteValues.ToMs(now));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return ReplayResult.Replayed;
        }

        return await ExistsAsync(connection, id, cancellationToken) ? ReplayResult.StillPending : ReplayResult.NotFound;
    }

    private static async Task<bool> ExistsAsync(SqliteConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT 1 FROM deliveries WHERE id = @id;").With("@id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task<List<Delivery>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<Delivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Read(reader));
        }

        return found;
    }

    private static Delivery Read(SqliteDataReader reader) => new()
    {
        Id = reader.Text("id"),
        Kind = SqliteValues.ParseEnum<DeliveryKind>(reader.Text("kind"), "deliveries.kind"),
        SubscriptionId = reader.Text("subscription_id"),
        StoryId = reader.Text("story_id"),
        ArticleId = reader.Text("article_id"),
        Channel = reader.Text("channel"),
        Target = reader.Text("target"),
        Payload = reader.Text("payload"),
        State = SqliteValues.ParseEnum<DeliveryState>(reader.Text("state"), "deliveries.state"),
        Attempts = (int)reader.Long("attempts"),
        NextAttemptAt = reader.Time("next_attempt_at"),
        LastError = reader.TextOrNull("last_error"),
        CreatedAt = reader.Time("created_at"),
        DeliveredAt = reader.TimeOrNull("delivered_at"),
        TraceParent = reader.TextOrNull("trace_parent"),
        Revision = reader.Text("revision"),
        Stage = reader.TextOrNull("stage"),
        AmountUsd = reader.DoubleOrNull("amount_usd"),
        ClaimToken = reader.TextOrNull("claim_token"),
    };
}
