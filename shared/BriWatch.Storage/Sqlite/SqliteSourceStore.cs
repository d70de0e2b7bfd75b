using BriWatch.Storage.Sources;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteSourceStore(SqliteStorage storage, TimeProvider time) : ISourceStore
{
    private const string InsertSql = """
        INSERT INTO sources (id, name, url, kind, language, country, official, enabled, poll_interval_ms, options,
            next_attempt_at, last_fetched_at, last_success_at, last_new_item_at, last_error, consecutive_failures,
            etag, last_modified, stale, created_at, updated_at, last_warning)
        VALUES (@id, @name, @url, @kind, @language, @country, @official, @enabled, @poll_interval_ms, @options,
            @next_attempt_at, @last_fetched_at, @last_success_at, @last_new_item_at, @last_error, @consecutive_failures,
            @etag, @last_modified, @stale, @created_at, @updated_at, @last_warning)
        ON CONFLICT (id) DO NOTHING;
        """;

    public async Task<Source?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT * FROM sources WHERE id = @id;").With("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Source>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT * FROM sources ORDER BY id;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sources = new List<Source>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(Read(reader));
        }

        return sources;
    }

    public async Task<bool> CreateAsync(Source source, CancellationToken cancellationToken)
    {
        SourceRules.Validate(source);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = BindInsert(connection.Command(InsertSql), source, time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> AddMissingAsync(IEnumerable<Source> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var batch = sources.ToList();
        batch.ForEach(SourceRules.Validate);
        var now = time.GetUtcNow();
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginImmediate();
        var added = 0;
        foreach (var source in batch)
        {
            await using var command = BindInsert(connection.Command(InsertSql, transaction), source, now);
            added += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<bool> UpdateDefinitionAsync(Source source, CancellationToken cancellationToken)
    {
        SourceRules.Validate(source);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE sources SET name = @name, url = @url, kind = @kind, language = @language, country = @country,
                official = @official, enabled = @enabled, poll_interval_ms = @poll_interval_ms, options = @options,
                updated_at = @updated_at
            WHERE id = @id;
            """)
            .With("@id", source.Id)
            .With("@name", source.Name)
            .With("@url", source.Url)
            .With("@kind", source.Kind.ToString())
            .With("@language", source.Language)
            .With("@country", source.Country)
            .With("@official", source.Official)
            .With("@enabled", source.Enabled)
            .With("@poll_interval_ms", (long)source.PollInterval.TotalMilliseconds)
            .With("@options", SqliteValues.ToJson(source.Options))
            .With("@updated_at", SqliteValues.ToMs(time.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM sources WHERE id = @id;").With("@id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<DueSource>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        ClaimRules.Validate(lease, max);
        // As stored: millisecond precision.
        var leaseUntil = SqliteValues.FromMs(SqliteValues.ToMs(now + lease));
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginImmediate();
        var due = new List<Source>();
        await using (var select = connection.Command("""
            SELECT * FROM sources WHERE enabled = 1 AND next_attempt_at <= @now
                AND (crawl_claim_expires_at IS NULL OR crawl_claim_expires_at <= @now)
            ORDER BY next_attempt_at, id LIMIT @max;
            """, transaction).With("@now", SqliteValues.ToMs(now)).With("@max", max))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(Read(reader));
            }
        }

        await using (var update = connection.Command(
                "UPDATE sources SET next_attempt_at = @until WHERE id IN (SELECT value FROM json_each(@ids));", transaction)
            .With("@until", SqliteValues.ToMs(leaseUntil))
            .With("@ids", SqliteValues.ToJson(due.Select(s => s.Id))))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. due.Select(s => new DueSource(s with { Crawl = s.Crawl with { NextAttemptAt = leaseUntil } }, s.Crawl.NextAttemptAt))];
    }

    public async Task<CrawlClaim?> TryClaimCrawlAsync(string id, string holder, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ClaimRules.Validate(lease);
        var token = ClaimRules.NewToken();
        var until = SqliteValues.FromMs(SqliteValues.ToMs(now + lease));
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE sources SET crawl_claim_holder = @holder, crawl_claim_token = @token, crawl_claim_expires_at = @until
            WHERE id = @id AND (crawl_claim_token IS NULL OR crawl_claim_expires_at <= @now)
            RETURNING *;
            """)
            .With("@id", id)
            .With("@holder", holder)
            .With("@token", token)
            .With("@until", SqliteValues.ToMs(until))
            .With("@now", SqliteValues.ToMs(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new CrawlClaim(Read(reader), holder, token, until) : null;
    }

    public async Task<bool> RenewCrawlClaimAsync(string id, string claimToken, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimToken);
        ClaimRules.Validate(lease);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command(
                "UPDATE sources SET crawl_claim_expires_at = @until WHERE id = @id AND crawl_claim_token = @token;")
            .With("@id", id)
            .With("@token", claimToken)
            .With("@until", SqliteValues.ToMs(now + lease));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> ReleaseCrawlClaimAsync(string id, string claimToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimToken);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command($"UPDATE sources SET {ClearClaim} WHERE id = @id AND crawl_claim_token = @token;")
            .With("@id", id)
            .With("@token", claimToken);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RecordFetchSuccessAsync(string id, FetchSuccess success, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(success);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            UPDATE sources SET last_fetched_at = @at, last_success_at = @at, next_attempt_at = @next,
                etag = @etag, last_modified = @last_modified, last_error = NULL, last_warning = @warning, consecutive_failures = 0,
                last_new_item_at = CASE WHEN @new_items > 0 THEN @at ELSE last_new_item_at END,
                stale = CASE WHEN @new_items > 0 THEN 0 ELSE stale END,
                {EndClaim}
            WHERE {UnderClaim};
            """)
            .With("@id", id)
            .With("@claim_token", success.ClaimToken)
            .With("@at", SqliteValues.ToMs(success.FetchedAt))
            .With("@next", SqliteValues.ToMs(success.NextAttemptAt))
            .With("@etag", success.ETag)
            .With("@last_modified", success.LastModified)
            .With("@new_items", success.NewItems)
            .With("@warning", success.Warning);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return true;
        }

        return await ExistsAsync(connection, id, cancellationToken) ? false : throw SourceRules.Missing(id);
    }

    public async Task<int?> RecordFetchFailureAsync(string id, FetchFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            UPDATE sources SET last_fetched_at = @at, next_attempt_at = @next, last_error = @error,
                consecutive_failures = consecutive_failures + 1,
                {EndClaim}
            WHERE {UnderClaim}
            RETURNING consecutive_failures;
            """)
            .With("@id", id)
            .With("@claim_token", failure.ClaimToken)
            .With("@at", SqliteValues.ToMs(failure.FailedAt))
            .With("@next", SqliteValues.ToMs(failure.NextAttemptAt))
            .With("@error", failure.Error);
        if (await command.ExecuteScalarAsync(cancellationToken) is long failures)
        {
            return (int)failures;
        }

        return await ExistsAsync(connection, id, cancellationToken) ? null : throw SourceRules.Missing(id);
    }

    public async Task<bool> MarkStaleAsync(string id, bool stale, DateTimeOffset? lastNewItemAt, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        // IS treats two NULLs as equal: a null expectation matches a source that never had an item.
        await using var command = connection.Command("""
            UPDATE sources SET stale = @stale
            WHERE id = @id AND stale <> @stale AND last_new_item_at IS @last_new_item_at;
            """)
            .With("@id", id)
            .With("@stale", stale)
            .With("@last_new_item_at", SqliteValues.ToMs(lastNewItemAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The row a completion may write: any with no claim token given, else only the one still under that claim.</summary>
    private const string UnderClaim = "id = @id AND (@claim_token IS NULL OR crawl_claim_token = @claim_token)";

    /// <summary>A completion under a claim ends it; one without a claim leaves whatever crawl holds the source alone.</summary>
    private const string EndClaim = """
        crawl_claim_holder = CASE WHEN @claim_token IS NULL THEN crawl_claim_holder END,
        crawl_claim_token = CASE WHEN @claim_token IS NULL THEN crawl_claim_token END,
        crawl_claim_expires_at = CASE WHEN @claim_token IS NULL THEN crawl_claim_expires_at END
        """;

    private const string ClearClaim = "crawl_claim_holder = NULL, crawl_claim_token = NULL, crawl_claim_expires_at = NULL";

    private static async Task<bool> ExistsAsync(SqliteConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT 1 FROM sources WHERE id = @id;").With("@id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static SqliteCommand BindInsert(SqliteCommand command, Source source, DateTimeOffset now) =>
        command
            .With("@id", source.Id)
            .With("@name", source.Name)
            .With("@url", source.Url)
            .With("@kind", source.Kind.ToString())
            .With("@language", source.Language)
            .With("@country", source.Country)
            .With("@official", source.Official)
            .With("@enabled", source.Enabled)
            .With("@poll_interval_ms", (long)source.PollInterval.TotalMilliseconds)
            .With("@options", SqliteValues.ToJson(source.Options))
            .With("@next_attempt_at", SqliteValues.ToMs(source.Crawl.NextAttemptAt))
            .With("@last_fetched_at", SqliteValues.ToMs(source.Crawl.LastFetchedAt))
            .With("@last_success_at", SqliteValues.ToMs(source.Crawl.LastSuccessAt))
            .With("@last_new_item_at", SqliteValues.ToMs(source.Crawl.LastNewItemAt))
            .With("@last_error", source.Crawl.LastError)
            .With("@last_warning", source.Crawl.LastWarning)
            .With("@consecutive_failures", source.Crawl.ConsecutiveFailures)
            .With("@etag", source.Crawl.ETag)
            .With("@last_modified", source.Crawl.LastModified)
            .With("@stale", source.Crawl.Stale)
            .With("@created_at", SqliteValues.ToMs(source.CreatedAt == default ? now : source.CreatedAt))
            .With("@updated_at", SqliteValues.ToMs(source.UpdatedAt == default ? now : source.UpdatedAt));

    private static Source Read(SqliteDataReader reader) => new()
    {
        Id = reader.Text("id"),
        Name = reader.Text("name"),
        Url = reader.Text("url"),
        Kind = SqliteValues.ParseEnum<SourceKind>(reader.Text("kind"), "sources.kind"),
        Language = reader.TextOrNull("language"),
        Country = reader.TextOrNull("country"),
        Official = reader.Bool("official"),
        Enabled = reader.Bool("enabled"),
        PollInterval = TimeSpan.FromMilliseconds(reader.Long("poll_interval_ms")),
        Options = reader.Json<Dictionary<string, string>>("options"),
        Crawl = new SourceCrawlState
        {
            NextAttemptAt = reader.Time("next_attempt_at"),
            LastFetchedAt = reader.TimeOrNull("last_fetched_at"),
            LastSuccessAt = reader.TimeOrNull("last_success_at"),
            LastNewItemAt = reader.TimeOrNull("last_new_item_at"),
            LastError = reader.TextOrNull("last_error"),
            LastWarning = reader.TextOrNull("last_warning"),
            ConsecutiveFailures = (int)reader.Long("consecutive_failures"),
            ETag = reader.TextOrNull("etag"),
            LastModified = reader.TextOrNull("last_modified"),
            Stale = reader.Bool("stale"),
        },
        CreatedAt = reader.Time("created_at"),
        UpdatedAt = reader.Time("updated_at"),
    };
}
