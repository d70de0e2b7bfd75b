using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Validation;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoArticleStore(MongoStorage storage) : IArticleStore
{
    private static FilterDefinitionBuilder<ArticleDocument> Filter => Builders<ArticleDocument>.Filter;

    internal static SortDefinition<ArticleDocument> Newest => Builders<ArticleDocument>.Sort.Descending(d => d.DiscoveredAt).Descending(d => d.Id);

    public async Task<bool> UpsertAsync(Article article, CancellationToken cancellationToken)
    {
        ArticleRules.Validate(article);
        await storage.ReadyAsync(cancellationToken);
        var document = ArticleDocument.From(article);
        try
        {
            var result = await storage.Articles.ReplaceOneAsync(ById(article.Id), document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
            return result.UpsertedId is not null;
        }
        catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            // A concurrent upsert inserted it first; replace that copy, which now exists.
            await storage.Articles.ReplaceOneAsync(ById(article.Id), document, cancellationToken: cancellationToken);
            return false;
        }
    }

    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.Articles.Find(ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public async Task<ArticlePage> SearchAsync(ArticleQuery query, CancellationToken cancellationToken)
    {
        ArticleRules.Validate(query);
        await storage.ReadyAsync(cancellationToken);
        var filter = SearchFilter(query);
        var total = await storage.Articles.CountDocumentsAsync(filter, cancellationToken: cancellationToken);
        if (query.Limit == 0)
        {
            return new ArticlePage([], total);
        }

        var documents = await storage.Articles.Find(filter).Sort(Newest).Skip(query.Skip).Limit(query.Limit).ToListAsync(cancellationToken);
        return new ArticlePage([.. documents.Select(d => d.ToModel())], total);
    }

    public async Task<StoryIdPage> SearchStoriesAsync(ArticleQuery query, CancellationToken cancellationToken)
    {
        ArticleRules.Validate(query);
        await storage.ReadyAsync(cancellationToken);
        var filter = SearchFilter(query);
        using var countCursor = await storage.Articles.AggregateAsync(StoryCountPipeline(filter), cancellationToken: cancellationToken);
        var counted = await countCursor.FirstOrDefaultAsync(cancellationToken);
        var total = counted is null ? 0L : counted["count"].ToInt64();
        if (query.Limit == 0)
        {
            return new StoryIdPage([], total);
        }

        using var pageCursor = await storage.Articles.AggregateAsync(StoryPagePipeline(filter, query.Skip, query.Limit), cancellationToken: cancellationToken);
        var page = await pageCursor.ToListAsync(cancellationToken);
        return new StoryIdPage([.. page.Select(d => d["_id"].AsString)], total);
    }

    /// <summary>Matching articles grouped by story, newest story first (by its newest matching article, then id).</summary>
    internal static PipelineDefinition<ArticleDocument, BsonDocument> StoryPagePipeline(FilterDefinition<ArticleDocument> filter, int skip, int limit) =>
        new EmptyPipelineDefinition<ArticleDocument>()
            .Match(filter)
            .Group(new BsonDocument { ["_id"] = "$storyId", ["newest"] = new BsonDocument("$max", "$discoveredAt") })
            .Sort(new BsonDocument { ["newest"] = -1, ["_id"] = -1 })
            .Skip(skip)
            .Limit(limit);

    internal static PipelineDefinition<ArticleDocument, BsonDocument> StoryCountPipeline(FilterDefinition<ArticleDocument> filter) =>
        new EmptyPipelineDefinition<ArticleDocument>()
            .Match(filter)
            .Group(new BsonDocument("_id", "$storyId"))
            .Group(new BsonDocument { ["_id"] = BsonNull.Value, ["count"] = new BsonDocument("$sum", 1) });

    public async IAsyncEnumerable<Article> ScanAsync(ArticleQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArticleRules.Validate(query);
        if (query.Limit == 0)
        {
            yield break;
        }

        await storage.ReadyAsync(cancellationToken);
        using var cursor = await storage.Articles.Find(SearchFilter(query)).Sort(Newest).Skip(query.Skip).Limit(query.Limit).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return document.ToModel();
            }
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        return await storage.Articles.CountDocumentsAsync(Filter.Empty, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// No TTL index here: a TTL cannot leave out articles that pending work still names. The ids pending deliveries and
    /// waiting digest items name are read first (pending work is small next to the articles), then the oldest expired
    /// articles outside them are deleted.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken)
    {
        var cutoff = RetentionRules.Cutoff(now, retention, max);
        await storage.ReadyAsync(cancellationToken);
        var named = new HashSet<string>(StringComparer.Ordinal);
        using (var pending = await storage.Deliveries.DistinctAsync(d => d.ArticleId, MongoDeliveryStore.PendingFilter, cancellationToken: cancellationToken))
        {
            named.UnionWith(await pending.ToListAsync(cancellationToken));
        }

        using (var waiting = await storage.DigestItems.DistinctAsync(d => d.ArticleId, MongoDigestItemStore.WaitingItems, cancellationToken: cancellationToken))
        {
            named.UnionWith(await waiting.ToListAsync(cancellationToken));
        }

        var ids = await storage.Articles.Find(ExpiredFilter(cutoff, named)).Sort(OldestFirst).Limit(max).Project(d => d.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        var result = await storage.Articles.DeleteManyAsync(Filter.In(d => d.Id, ids), cancellationToken);
        return (int)result.DeletedCount;
    }

    internal static SortDefinition<ArticleDocument> OldestFirst => Builders<ArticleDocument>.Sort.Ascending(d => d.DiscoveredAt).Ascending(d => d.Id);

    internal static FilterDefinition<ArticleDocument> ExpiredFilter(DateTimeOffset cutoff, IReadOnlyCollection<string> namedByPendingWork) =>
        namedByPendingWork.Count == 0
            ? Filter.Lt(d => d.DiscoveredAt, MongoTime.ToBson(cutoff))
            : Filter.Lt(d => d.DiscoveredAt, MongoTime.ToBson(cutoff)) & Filter.Nin(d => d.Id, namedByPendingWork);

    internal static FilterDefinition<ArticleDocument> ById(string id) => Filter.Eq(d => d.Id, id);

    internal static FilterDefinition<ArticleDocument> SearchFilter(ArticleQuery query)
    {
        var filters = new List<FilterDefinition<ArticleDocument>>();
        if (query.Relevant is { } relevant)
        {
            filters.Add(Filter.Eq(d => d.Relevant, relevant));
        }

        if (query.Topic is { } topic)
        {
            filters.Add(Filter.AnyEq(d => d.Topics, topic));
        }

        if (query.Country is { } country)
        {
            filters.Add(Filter.AnyEq(d => d.Countries, country));
        }

        if (query.SourceId is { } sourceId)
        {
            filters.Add(Filter.Eq(d => d.SourceId, sourceId));
        }

        if (query.StoryId is { } storyId)
        {
            filters.Add(Filter.Eq(d => d.StoryId, storyId));
        }

        if (query.Language is { } language)
        {
            filters.Add(Filter.Eq(d => d.Language, language));
        }

        if (query.MinScore is { } minScore)
        {
            filters.Add(Filter.Gte(d => d.Score, minScore));
        }

        if (query.DiscoveredSince is { } since)
        {
            filters.Add(Filter.Gte(d => d.DiscoveredAt, MongoTime.ToBson(since)));
        }

        if (!string.IsNullOrEmpty(query.Text))
        {
            // Escaped, so the text is matched literally; "i" makes it case-insensitive.
            var pattern = new BsonRegularExpression(Regex.Escape(query.Text), "i");
            filters.Add(Filter.Regex(d => d.Title, pattern) | Filter.Regex(d => d.Text, pattern));
        }

        return filters.Count == 0 ? Filter.Empty : Filter.And(filters);
    }
}
