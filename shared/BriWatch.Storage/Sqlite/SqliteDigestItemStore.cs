using BriWatch.Storage.Digests;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteDigestItemStore(SqliteStorage storage) : IDigestItemStore
{
    public async Task<bool> TryAddAsync(DigestItem item, CancellationToken cancellationToken)
    {
        DigestItemRules.Validate(item);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO digest_items (subscription_id, story_id, revision, stage, amount_usd, article_id, payload, matched_at, due_at, digest_id)
            VALUES (@subscription_id, @story_id, @revision, @stage, @amount_usd, @article_id, @payload, @matched_at, @due_at, @digest_id)
            ON CONFLICT DO NOTHING;
            """)
            .With("@subscription_id", item.SubscriptionId)
            .With("@story_id", item.StoryId)
            .With("@revision", item.Revision)
            .With("@stage", item.Stage)
            .With("@amount_usd", item.AmountUsd)
            .With("@article_id", item.ArticleId)
            .With("@payload", item.Payload)
            .With("@matched_at", SqliteValues.ToMs(item.MatchedAt))
            .With("@due_at", SqliteValues.ToMs(item.DueAt))
            .With("@digest_id", item.DigestId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<DigestItem>> ListForStoryAsync(string storyId, CancellationToken cancellationToken)
    {
        DigestItemRules.ValidateKey(storyId, nameof(storyId));
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT * FROM digest_items WHERE story_id = @story_id
            ORDER BY matched_at, subscription_id, revision;
            """)
            .With("@story_id", storyId);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<DateTimeOffset?> NextDueAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        DigestItemRules.ValidateKey(subscriptionId, nameof(subscriptionId));
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT MIN(due_at) FROM digest_items WHERE subscription_id = @subscription_id AND digest_id IS NULL;
            """)
            .With("@subscription_id", subscriptionId);
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? SqliteValues.FromMs(ms) : null;
    }

    public async Task<IReadOnlyList<DueDigest>> ListNextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT subscription_id, MIN(due_at) AS due_at FROM digest_items
            WHERE digest_id IS NULL
            GROUP BY subscription_id
            ORDER BY due_at, subscription_id;
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DueDigest>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueDigest(reader.Text("subscription_id"), reader.Time("due_at")));
        }

        return due;
    }

    public async Task<IReadOnlyList<DigestItem>> ListWaitingAsync(DueDigest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT * FROM digest_items
            WHERE subscription_id = @subscription_id AND due_at = @due_at AND digest_id IS NULL
            ORDER BY matched_at, story_id, revision;
            """)
            .With("@subscription_id", digest.SubscriptionId)
            .With("@due_at", SqliteValues.ToMs(digest.DueAt));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<int> MarkSentAsync(DueDigest digest, IReadOnlyCollection<DigestItemKey> items, string digestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(items);
        DigestItemRules.ValidateDigestId(digestId);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // One transaction, so a digest's items are marked all together or not at all.
        await using var transaction = connection.BeginImmediate();
        var marked = 0;
        foreach (var key in items)
        {
            await using var command = connection.Command("""
                UPDATE digest_items SET digest_id = @digest_id
                WHERE subscription_id = @subscription_id AND story_id = @story_id AND revision = @revision
                    AND due_at = @due_at AND digest_id IS NULL;
                """, transaction)
                .With("@digest_id", digestId)
                .With("@subscription_id", digest.SubscriptionId)
                .With("@story_id", key.StoryId)
                .With("@revision", key.Revision)
                .With("@due_at", SqliteValues.ToMs(digest.DueAt));
            marked += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return marked;
    }

    private static async Task<IReadOnlyList<DigestItem>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<DigestItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    private static DigestItem Read(SqliteDataReader reader) => new()
    {
        SubscriptionId = reader.Text("subscription_id"),
        StoryId = reader.Text("story_id"),
        Revision = reader.Text("revision"),
        Stage = reader.TextOrNull("stage"),
        AmountUsd = reader.DoubleOrNull("amount_usd"),
        ArticleId = reader.Text("article_id"),
        Payload = reader.Text("payload"),
        MatchedAt = reader.Time("matched_at"),
        DueAt = reader.Time("due_at"),
        DigestId = reader.TextOrNull("digest_id"),
    };
}
