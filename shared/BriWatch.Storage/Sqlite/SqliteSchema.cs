namespace BriWatch.Storage.Sqlite;

/// <summary>
/// The whole schema, idempotent so every process can run it on start. Timestamps are unix milliseconds (they sort and
/// compare as numbers); lists, dictionaries and nested records are JSON text.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The digest_items table, in one place because its rekeying rebuild creates the same shape.</summary>
    private const string DigestItemsColumns = """
        subscription_id TEXT NOT NULL, story_id TEXT NOT NULL, revision TEXT NOT NULL DEFAULT '', stage TEXT NULL,
        amount_usd REAL NULL, article_id TEXT NOT NULL, payload TEXT NOT NULL, matched_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL, digest_id TEXT NULL, PRIMARY KEY (subscription_id, story_id, revision)
        """;

    public const string Script = $$"""
        CREATE TABLE IF NOT EXISTS sources (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            url TEXT NOT NULL,
            kind TEXT NOT NULL,
            language TEXT NULL,
            country TEXT NULL,
            official INTEGER NOT NULL,
            enabled INTEGER NOT NULL,
            poll_interval_ms INTEGER NOT NULL,
            options TEXT NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            last_fetched_at INTEGER NULL,
            last_success_at INTEGER NULL,
            last_new_item_at INTEGER NULL,
            last_error TEXT NULL,
            consecutive_failures INTEGER NOT NULL,
            etag TEXT NULL,
            last_modified TEXT NULL,
            stale INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_warning TEXT NULL,
            crawl_claim_holder TEXT NULL,
            crawl_claim_token TEXT NULL,
            crawl_claim_expires_at INTEGER NULL
        );
        CREATE INDEX IF NOT EXISTS ix_sources_due ON sources (enabled, next_attempt_at);

        CREATE TABLE IF NOT EXISTS articles (
            id TEXT NOT NULL PRIMARY KEY,
            source_id TEXT NOT NULL,
            url TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            search_text TEXT NOT NULL,
            published INTEGER NULL,
            discovered_at INTEGER NOT NULL,
            classified_at INTEGER NOT NULL,
            language TEXT NOT NULL,
            relevant INTEGER NOT NULL,
            score REAL NOT NULL,
            topics TEXT NOT NULL,
            countries TEXT NOT NULL,
            story_id TEXT NOT NULL,
            evidence TEXT NOT NULL,
            entities TEXT NOT NULL,
            amount_usd REAL NULL,
            stage TEXT NULL,
            amounts TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_articles_newest ON articles (discovered_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_articles_story ON articles (story_id);
        CREATE INDEX IF NOT EXISTS ix_articles_source ON articles (source_id, discovered_at DESC);

        CREATE TABLE IF NOT EXISTS subscriptions (
            id TEXT NOT NULL PRIMARY KEY,
            owner TEXT NOT NULL,
            name TEXT NOT NULL,
            topics TEXT NOT NULL,
            countries TEXT NOT NULL,
            min_score REAL NOT NULL,
            relevant_only INTEGER NOT NULL,
            query TEXT NULL,
            mode TEXT NOT NULL,
            webhook TEXT NULL,
            email TEXT NULL,
            enabled INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            feed_token TEXT NULL,
            time_zone TEXT NULL,
            digest_time TEXT NULL,
            digest_day TEXT NULL,
            quiet_hours TEXT NULL,
            daily_cap INTEGER NULL,
            disabled_reason TEXT NULL,
            feed_token_hash TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_subscriptions_owner ON subscriptions (owner, created_at);

        CREATE TABLE IF NOT EXISTS deliveries (
            id TEXT NOT NULL PRIMARY KEY,
            subscription_id TEXT NOT NULL,
            story_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            target TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT NULL,
            created_at INTEGER NOT NULL,
            delivered_at INTEGER NULL,
            trace_parent TEXT NULL,
            revision TEXT NOT NULL DEFAULT '',
            stage TEXT NULL,
            amount_usd REAL NULL,
            claim_token TEXT NULL,
            kind TEXT NOT NULL DEFAULT 'Alert'
        );
        CREATE INDEX IF NOT EXISTS ix_deliveries_due ON deliveries (state, next_attempt_at);
        CREATE INDEX IF NOT EXISTS ix_deliveries_newest ON deliveries (created_at DESC, id DESC);

        CREATE TABLE IF NOT EXISTS discovery_keys (
            item_key TEXT NOT NULL PRIMARY KEY,
            article_id TEXT NOT NULL,
            source_id TEXT NOT NULL,
            recorded_at INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS outbox_messages (
            id TEXT NOT NULL PRIMARY KEY,
            type TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            publications INTEGER NOT NULL,
            trace_parent TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_outbox_messages_due ON outbox_messages (due_at);
        CREATE INDEX IF NOT EXISTS ix_outbox_messages_created ON outbox_messages (created_at);

        CREATE TABLE IF NOT EXISTS leases (
            name TEXT NOT NULL PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS story_fingerprints (
            article_id TEXT NOT NULL PRIMARY KEY,
            story_id TEXT NOT NULL,
            signature TEXT NOT NULL,
            band_keys TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS story_bands (
            band_key TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_story_bands_article ON story_bands (article_id);
        CREATE INDEX IF NOT EXISTS ix_story_fingerprints_at ON story_fingerprints (at DESC);

        CREATE TABLE IF NOT EXISTS websub_subscriptions (
            source_id TEXT NOT NULL PRIMARY KEY,
            hub TEXT NOT NULL,
            topic TEXT NOT NULL,
            secret TEXT NOT NULL,
            callback_token TEXT NOT NULL,
            state TEXT NOT NULL,
            lease_expires_at INTEGER NULL,
            renew_at INTEGER NULL,
            denied_reason TEXT NULL,
            requested_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_error TEXT NULL,
            last_error_at INTEGER NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_websub_subscriptions_token ON websub_subscriptions (callback_token);
        CREATE INDEX IF NOT EXISTS ix_websub_subscriptions_renewal ON websub_subscriptions (state, renew_at);

        CREATE TABLE IF NOT EXISTS digest_items ({{DigestItemsColumns}});

        CREATE TABLE IF NOT EXISTS daily_cap_counts (
            subscription_id TEXT NOT NULL,
            day TEXT NOT NULL,
            place INTEGER NOT NULL,
            alert_key TEXT NOT NULL,
            counted_at INTEGER NOT NULL,
            PRIMARY KEY (subscription_id, day, place),
            UNIQUE (subscription_id, day, alert_key)
        );
        CREATE INDEX IF NOT EXISTS ix_daily_cap_counts_counted ON daily_cap_counts (counted_at);

        {{IdentityTables}}
        """;

    // ---- Identity and audit (issue 9): users, API keys, audit records. Kept apart so other schema changes merge cleanly. ----

    /// <summary>
    /// Users, their API keys (the prefix in clear as the key, only a hash of the secret) and the audit log, listed newest
    /// first overall, per actor and per target.
    /// </summary>
    private const string IdentityTables = """
        CREATE TABLE IF NOT EXISTS users (
            owner_id TEXT NOT NULL PRIMARY KEY,
            display_name TEXT NOT NULL,
            email TEXT NULL,
            role TEXT NOT NULL,
            disabled INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS api_keys (
            prefix TEXT NOT NULL PRIMARY KEY,
            owner_id TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            scopes TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NULL,
            last_used_at INTEGER NULL,
            revoked_at INTEGER NULL
        );
        CREATE INDEX IF NOT EXISTS ix_api_keys_owner ON api_keys (owner_id, created_at);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_api_keys_secret_hash ON api_keys (secret_hash);

        CREATE TABLE IF NOT EXISTS audit_records (
            id TEXT NOT NULL PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target_type TEXT NOT NULL,
            target_id TEXT NOT NULL,
            before TEXT NULL,
            after TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_audit_records_newest ON audit_records (at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_audit_records_actor ON audit_records (actor, at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_audit_records_target ON audit_records (target_type, target_id, at DESC, id DESC);
        """;

    // ---- End of identity and audit. ----

    /// <summary>
    /// Columns added after their table first shipped: CREATE TABLE IF NOT EXISTS leaves older database files without
    /// them, so each is added when missing. Nullable, so rows written before keep loading.
    /// </summary>
    public static readonly IReadOnlyList<(string Table, string Column, string Definition)> AddedColumns =
    [
        ("sources", "last_warning", "TEXT NULL"),
        ("sources", "crawl_claim_holder", "TEXT NULL"),
        ("sources", "crawl_claim_token", "TEXT NULL"),
        ("sources", "crawl_claim_expires_at", "INTEGER NULL"),
        ("subscriptions", "feed_token", "TEXT NULL"),
        ("subscriptions", "time_zone", "TEXT NULL"),
        ("subscriptions", "digest_time", "TEXT NULL"),
        ("subscriptions", "digest_day", "TEXT NULL"),
        ("subscriptions", "quiet_hours", "TEXT NULL"),
        ("subscriptions", "daily_cap", "INTEGER NULL"),
        ("subscriptions", "disabled_reason", "TEXT NULL"),
        ("subscriptions", "feed_token_hash", "TEXT NULL"),
        ("deliveries", "revision", "TEXT NOT NULL DEFAULT ''"),
        ("deliveries", "stage", "TEXT NULL"),
        ("deliveries", "amount_usd", "REAL NULL"),
        ("deliveries", "claim_token", "TEXT NULL"),
        ("deliveries", "kind", "TEXT NOT NULL DEFAULT 'Alert'"),
        ("websub_subscriptions", "last_error", "TEXT NULL"),
        ("websub_subscriptions", "last_error_at", "INTEGER NULL"),
        ("articles", "amounts", "TEXT NULL"),
    ];

    /// <summary>
    /// What fills an <see cref="AddedColumns"/> column in the rows stored before it, run once, in the schema transaction,
    /// right after the column is added.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Table, string Column), string> AddedColumnBackfills =
        new Dictionary<(string Table, string Column), string>
        {
            // Kinds used to be told apart by markers in the ids; both markers together, as every digest and test row carries them.
            [("deliveries", "kind")] = """
                UPDATE deliveries SET kind = 'Digest' WHERE article_id = 'digest' AND story_id GLOB 'digest:*';
                UPDATE deliveries SET kind = 'EndpointTest' WHERE article_id = 'endpoint-test' AND story_id GLOB 'endpoint-test:*';
                """,
        };

    /// <summary>
    /// Tables whose primary key changed after they shipped. SQLite cannot alter a key, so a table still lacking the
    /// column its new key added is copied into one of the shape <see cref="Script"/> creates, in the schema transaction.
    /// </summary>
    public static readonly IReadOnlyList<(string Table, string KeyColumn, string Rebuild)> RekeyedTables =
    [
        // Digest items became one per story development (revision) instead of one per story; existing items are first
        // reports, whose facts are the ones their article.matched payload states: left NULL, the story's next copy would
        // look like a new development. An unreadable payload gets none: the outer CASE keeps json_type off bad JSON,
        // on which it would fail the whole upgrade.
        ("digest_items", "revision", $$"""
            CREATE TABLE digest_items_rekeyed ({{DigestItemsColumns}});
            INSERT INTO digest_items_rekeyed (subscription_id, story_id, revision, stage, amount_usd, article_id, payload, matched_at, due_at, digest_id)
                SELECT subscription_id, story_id, '',
                    CASE WHEN json_valid(payload) THEN CASE WHEN json_type(payload, '$.data.stage') = 'text' THEN json_extract(payload, '$.data.stage') END END,
                    CASE WHEN json_valid(payload) THEN CASE WHEN json_type(payload, '$.data.amountUsd') IN ('integer', 'real') THEN json_extract(payload, '$.data.amountUsd') END END,
                    article_id, payload, matched_at, due_at, digest_id
                FROM digest_items;
            DROP TABLE digest_items;
            ALTER TABLE digest_items_rekeyed RENAME TO digest_items;
            """),
    ];

    /// <summary>
    /// Indexes over <see cref="AddedColumns"/> and <see cref="RekeyedTables"/>, run after they exist (a rebuilt table
    /// loses its indexes). SQLite lets many NULLs share a unique index. One alert per (subscription, story, channel) became one per revision, so the older unique index is dropped.
    /// </summary>
    public const string AddedColumnIndexes = """
        CREATE UNIQUE INDEX IF NOT EXISTS ux_subscriptions_feed_token ON subscriptions (feed_token);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_subscriptions_feed_token_hash ON subscriptions (feed_token_hash);
        DROP INDEX IF EXISTS ux_deliveries_alert;
        CREATE UNIQUE INDEX IF NOT EXISTS ux_deliveries_revision ON deliveries (subscription_id, story_id, channel, revision);
        CREATE INDEX IF NOT EXISTS ix_deliveries_story ON deliveries (story_id);
        CREATE INDEX IF NOT EXISTS ix_digest_items_due ON digest_items (digest_id, due_at);
        CREATE INDEX IF NOT EXISTS ix_digest_items_subscription ON digest_items (subscription_id, digest_id, due_at);
        CREATE INDEX IF NOT EXISTS ix_digest_items_story ON digest_items (story_id);
        """;
}
