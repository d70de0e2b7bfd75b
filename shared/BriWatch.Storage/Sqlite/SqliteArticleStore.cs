using System.Runtime.CompilerServices;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteArticleStore(SqliteStorage storage) : IArticleStore
{
    private const string Columns = """
        id, source_id, url, title, text, search_text, published, discovered_at, classified_at, language, relevant, score,
        topics, countries, story_id, evidence, entities, amount_usd, stage, amounts
        """;

    private const string Values = """
        @id, @source_id, @url, @title, @text, @search_text, @published, @discovered_at, @classified_at, @language, @relevant, @score,
        @topics, @countries, @story_id, @evidence, @entities, @amount_usd, @stage, @amounts
        """;

    // Static SQL with "@x IS NULL OR" guards: one plan, and no query text is ever built from input.
    private const string Where = """
        WHERE (@relevant IS NULL OR relevant = @relevant)
          AND (@topic IS NULL OR EXISTS (SELECT 1 FROM json_each(articles.topics) WHERE json_each.value = @topic))
          AND (@country IS NULL OR EXISTS (SELECT 1 FROM json_each(articles.countries) WHERE json_each.value = @country))
          AND (@source_id IS NULL OR source_id = @source_id)
          AND (@story_id IS NULL OR story_id = @story_id)
          AND (@language IS NULL OR language = @language)
          AND (@min_score IS NULL OR score >= @min_score)
          AND (@since IS NULL OR discovered_at >= @since)
          AND (@text IS NULL OR instr(search_text, @text) > 0)
        """;

    public async Task<bool> UpsertAsync(Article article, CancellationToken cancellationToken)
    {
        ArticleRules.Validate(article);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginImmediate();
        await using var insert = Bind(connection.Command($"INSERT INTO articles ({Columns}) VALUES ({Values}) ON CONFLICT (id) DO NOTHING;", transaction), article);
        var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (!created)
        {
            await using var replace = Bind(connection.Command($"REPLACE INTO articles ({Columns}) VALUES ({Values});", transaction), article);
            await replace.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT * FROM articles WHERE id = @id;").With("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<ArticlePage> SearchAsync(ArticleQuery query, CancellationToken cancellationToken)
    {
        ArticleRules.Validate(query);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // A deferred (read) transaction: the page and its total come from one snapshot without blocking writers.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var count = BindQuery(connection.Command($"SELECT COUNT(*) FROM articles {Where};", transaction), query);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
        var items = new List<Article>();
        if (query.Limit > 0)
        {
            await using var page = BindQuery(
                    connection.Command($"SELECT * FROM articles {Where} ORDER BY discovered_at DESC, id DESC LIMIT @limit OFFSET @skip;", transaction),
                    query)
                .With("@limit", query.Limit)
                .With("@skip", query.Skip);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new ArticlePage(items, total);
    }

    public async IAsyncEnumerable<Article> ScanAsync(ArticleQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArticleRules.Validate(query);
        if (query.Limit == 0)
        {
            yield break;
        }

        await using var connection = await storage.OpenAsync(cancellationToken);
        // One statement reads one snapshot, so no transaction is needed for a consistent stream.
        await using var command = BindQuery(connection.Command($"SELECT * FROM articles {Where} ORDER BY discovered_at DESC, id DESC LIMIT @limit OFFSET @skip;"), query)
            .With("@limit", query.Limit)
            .With("@skip", query.Skip);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    public async Task<StoryIdPage> SearchStoriesAsync(ArticleQuery query, CancellationToken cancellationToken)
    {
        ArticleRules.Validate(query);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var count = BindQuery(connection.Command($"SELECT COUNT(DISTINCT story_id) FROM articles {Where};", transaction), query);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
        var ids = new List<string>();
        if (query.Limit > 0)
        {
            await using var page = BindQuery(
                    connection.Command(
                        $"SELECT story_id, MAX(discovered_at) AS newest FROM articles {Where} GROUP BY story_id ORDER BY newest DESC, story_id DESC LIMIT @limit OFFSET @skip;",
                        transaction),
                    query)
                .With("@limit", query.Limit)
                .With("@skip", query.Skip);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoryIdPage(ids, total);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT COUNT(*) FROM articles;");
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken)
    {
        var cutoff = RetentionRules.Cutoff(now, retention, max);
        await using var connection = await storage.OpenAsync(cancellationToken);
        // One statement, so a delivery made pending meanwhile (a replay) is seen. SQLite reads each NOT IN list once per
        // statement: pending work is small next to the article table.
        await using var command = connection.Command("""
            DELETE FROM articles WHERE id IN (
                SELECT id FROM articles
                WHERE discovered_at < @cutoff
                  AND id NOT IN (SELECT article_id FROM deliveries WHERE state = @pending)
                  AND id NOT IN (SELECT article_id FROM digest_items WHERE digest_id IS NULL)
                ORDER BY discovered_at LIMIT @max);
            """)
            .With("@cutoff", SqliteValues.ToMs(cutoff))
            .With("@pending", nameof(DeliveryState.Pending))
            .With("@max", max);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Lower-cased in .NET rather than SQL, because SQLite's lower() only folds ASCII.</summary>
    internal static string SearchText(string title, string text) => (title + "\n" + text).ToLowerInvariant();

    private static SqliteCommand BindQuery(SqliteCommand command, ArticleQuery query) =>
        command
            .With("@relevant", query.Relevant)
            .With("@topic", query.Topic)
            .With("@country", query.Country)
            .With("@source_id", query.SourceId)
            .With("@story_id", query.StoryId)
            .With("@language", query.Language)
            .With("@min_score", query.MinScore)
            .With("@since", SqliteValues.ToMs(query.DiscoveredSince))
            .With("@text", string.IsNullOrEmpty(query.Text) ? null : query.Text.ToLowerInvariant());

    private static SqliteCommand Bind(SqliteCommand command, Article article) =>
        command
            .With("@id", article.Id)
            .With("@source_id", article.SourceId)
            .With("@url", article.Url)
            .With("@title", article.Title)
            .With("@text", article.Text)
            .With("@search_text", SearchText(article.Title, article.Text))
            .With("@published", SqliteValues.ToMs(article.Published))
            .With("@discovered_at", SqliteValues.ToMs(article.DiscoveredAt))
            .With("@classified_at", SqliteValues.ToMs(article.ClassifiedAt))
            .With("@language", article.Language)
            .With("@relevant", article.Relevant)
            .With("@score", article.Score)
            .With("@topics", SqliteValues.ToJson(article.Topics))
            .With("@countries", SqliteValues.ToJson(article.Countries))
            .With("@story_id", article.StoryId)
            .With("@evidence", SqliteValues.ToJson(article.Evidence))
            .With("@entities", SqliteValues.ToJson(article.Entities))
            .With("@amount_usd", article.AmountUsd)
            .With("@stage", article.Stage)
            .With("@amounts", SqliteValues.ToJson(article.Amounts));

    private static Article Read(SqliteDataReader reader) => new()
    {
        Id = reader.Text("id"),
        SourceId = reader.Text("source_id"),
        Url = reader.Text("url"),
        Title = reader.Text("title"),
        Text = reader.Text("text"),
        Published = reader.TimeOrNull("published"),
        DiscoveredAt = reader.Time("discovered_at"),
        ClassifiedAt = reader.Time("classified_at"),
        Language = reader.Text("language"),
        Relevant = reader.Bool("relevant"),
        Score = reader.Double("score"),
        Topics = reader.Json<List<string>>("topics"),
        Countries = reader.Json<List<string>>("countries"),
        StoryId = reader.Text("story_id"),
        Evidence = reader.Json<List<string>>("evidence"),
        Entities = reader.Json<List<ArticleEntity>>("entities"),
        AmountUsd = reader.DoubleOrNull("amount_usd"),
        Stage = reader.TextOrNull("stage"),

        // NULL in rows written before the column was added.
        Amounts = reader.JsonOrNull<List<ArticleAmount>>("amounts") ?? [],
    };
}
