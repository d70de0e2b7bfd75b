using BriWatch.Storage.Stories;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

/// <summary>Fingerprints in one table, their band keys normalised into another so a band lookup uses an index.</summary>
public sealed class SqliteStoryIndex(SqliteStorage storage) : IStoryIndex
{
    public async Task<IReadOnlyList<StoryFingerprint>> FindByBandsAsync(IReadOnlyCollection<string> bandKeys, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var keys = KeyRules.Distinct(bandKeys, nameof(bandKeys));
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (keys.Count == 0)
        {
            return [];
        }

        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT * FROM story_fingerprints
            WHERE at >= @since
              AND article_id IN (SELECT article_id FROM story_bands WHERE band_key IN (SELECT value FROM json_each(@keys)))
            ORDER BY at DESC, article_id DESC LIMIT @max;
            """)
            .With("@since", SqliteValues.ToMs(since))
            .With("@keys", SqliteValues.ToJson(keys))
            .With("@max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<StoryFingerprint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Read(reader));
        }

        return found;
    }

    public async Task AddAsync(StoryFingerprint fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint.ArticleId, nameof(fingerprint));
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint.StoryId, nameof(fingerprint));
        ArgumentNullException.ThrowIfNull(fingerprint.Signature, nameof(fingerprint));
        var keys = KeyRules.Distinct(fingerprint.BandKeys, nameof(fingerprint));
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginImmediate();
        await using (var upsert = connection.Command("""
            REPLACE INTO story_fingerprints (article_id, story_id, signature, band_keys, at)
            VALUES (@article_id, @story_id, @signature, @band_keys, @at);
            DELETE FROM story_bands WHERE article_id = @article_id;
            INSERT INTO story_bands (band_key, article_id) SELECT value, @article_id FROM json_each(@band_keys);
            """, transaction)
            .With("@article_id", fingerprint.ArticleId)
            .With("@story_id", fingerprint.StoryId)
            .With("@signature", SqliteValues.ToJson(fingerprint.Signature))
            .With("@band_keys", SqliteValues.ToJson(keys))
            .With("@at", SqliteValues.ToMs(fingerprint.At)))
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken)
    {
        var cutoff = RetentionRules.Cutoff(now, retention, max);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginImmediate();
        // Both statements pick the same oldest fingerprints: nothing else writes inside this write transaction.
        const string Expired = "SELECT article_id FROM story_fingerprints WHERE at < @cutoff ORDER BY at, article_id LIMIT @max";
        await using (var bands = connection.Command($"DELETE FROM story_bands WHERE article_id IN ({Expired});", transaction)
            .With("@cutoff", SqliteValues.ToMs(cutoff))
            .With("@max", max))
        {
            await bands.ExecuteNonQueryAsync(cancellationToken);
        }

        int deleted;
        await using (var fingerprints = connection.Command($"DELETE FROM story_fingerprints WHERE article_id IN ({Expired});", transaction)
            .With("@cutoff", SqliteValues.ToMs(cutoff))
            .With("@max", max))
        {
            deleted = await fingerprints.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private static StoryFingerprint Read(SqliteDataReader reader) => new(
        reader.Text("article_id"),
        reader.Text("story_id"),
        reader.Json<List<ulong>>("signature"),
        reader.Json<List<string>>("band_keys"),
        reader.Time("at"));
}
