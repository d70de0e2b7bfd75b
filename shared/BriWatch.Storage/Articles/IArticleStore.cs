namespace BriWatch.Storage.Articles;

public interface IArticleStore
{
    /// <summary>Inserts or replaces the article by id, so a redelivered classification is harmless. True when it was new.</summary>
    Task<bool> UpsertAsync(Article article, CancellationToken cancellationToken);

    Task<Article?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first (by discovery time, then id).</summary>
    Task<ArticlePage> SearchAsync(ArticleQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The items <see cref="SearchAsync"/> would return, streamed in one read without counting the total: for callers
    /// that look at every match (a large <see cref="ArticleQuery.Limit"/>) in constant memory.
    /// </summary>
    IAsyncEnumerable<Article> ScanAsync(ArticleQuery query, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The stories with at least one article matching <paramref name="query"/> (its <see cref="ArticleQuery.Skip"/> and
    /// <see cref="ArticleQuery.Limit"/> count stories), newest first by their newest matching article, then by id descending.
    /// </summary>
    Task<StoryIdPage> SearchStoriesAsync(ArticleQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="max"/> articles discovered before <c>now - retention</c>, oldest first, except those
    /// still named by pending work: a pending delivery or a digest item waiting for its digest. Returns how many it
    /// deleted; fewer than <paramref name="max"/> means none is left to purge. <paramref name="max"/> must be at least 1.
    /// </summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken);
}

/// <summary>Filters combine with AND; null means "any". Topic, country, source, story and language match exactly (case-sensitive).</summary>
public sealed record ArticleQuery
{
    public bool? Relevant { get; init; }
    public string? Topic { get; init; }
    public string? Country { get; init; }
    public string? SourceId { get; init; }
    public string? StoryId { get; init; }
    public string? Language { get; init; }
    public double? MinScore { get; init; }
    public DateTimeOffset? DiscoveredSince { get; init; }
    /// <summary>Case-insensitive substring of title or text.</summary>
    public string? Text { get; init; }
    /// <summary>Zero or more.</summary>
    public int Skip { get; init; }

    /// <summary>Zero or more; zero returns only <see cref="ArticlePage.Total"/>.</summary>
    public int Limit { get; init; } = 50;
}

public sealed record ArticlePage(IReadOnlyList<Article> Items, long Total);

/// <param name="Total">How many stories match in all.</param>
public sealed record StoryIdPage(IReadOnlyList<string> StoryIds, long Total);
