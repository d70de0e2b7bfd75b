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
            INSERT INTO digest_items (subscription_id, story_id, article_id, payload, matched_at, due_at, digest_id)
            VALUES (@subscription_id, @story_id, @article_id, @payload, @matched_at, @due_at, @digest_id)
            ON CONFLICT DO NOTHING;
            """)
            .With("@subscription_id", item.SubscriptionId)
            .With("@story_id", item.StoryId)
            .With("@article_id", item.ArticleId)
            .With("@payload", item.Payload)
            .With("@matched_at", SqliteValues.ToMs(item.MatchedAt))
            .With("@due_at", SqliteValues.ToMs(item.DueAt))
            .With("@digest_id", item.DigestId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<DueDigest>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        DigestItemRules.ValidateMax(max);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT subscription_id, due_at FROM digest_items
            WHERE digest_id IS NULL AND due_at <= @now
            GROUP BY subscription_id, due_at
            ORDER BY due_at, subscription_id LIMIT @max;
            """)
            .With("@now", SqliteValues.ToMs(now))
            .With("@max", max);
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
            ORDER BY matched_at, story_id;
            """)
            .With("@subscription_id", digest.SubscriptionId)
            .With("@due_at", SqliteValues.ToMs(digest.DueAt));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<DigestItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    public async Task<int> MarkSentAsync(DueDigest digest, string digestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        DigestItemRules.ValidateDigestId(digestId);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE digest_items SET digest_id = @digest_id
            WHERE subscription_id = @subscription_id AND due_at = @due_at AND digest_id IS NULL;
            """)
            .With("@digest_id", digestId)
            .With("@subscription_id", digest.SubscriptionId)
            .With("@due_at", SqliteValues.ToMs(digest.DueAt));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DigestItem Read(SqliteDataReader reader) => new()
    {
        SubscriptionId = reader.Text("subscription_id"),
        StoryId = reader.Text("story_id"),
        ArticleId = reader.Text("article_id"),
        Payload = reader.Text("payload"),
        MatchedAt = reader.Time("matched_at"),
        DueAt = reader.Time("due_at"),
        DigestId = reader.TextOrNull("digest_id"),
    };
}
