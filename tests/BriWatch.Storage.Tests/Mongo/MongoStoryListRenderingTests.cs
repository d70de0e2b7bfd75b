using BriWatch.Storage.Articles;
using BriWatch.Storage.Mongo;
using BriWatch.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The story list's aggregation on MongoDB, rendered without a server.</summary>
public sealed class MongoStoryListRenderingTests
{
    [Fact]
    public void Matching_articles_are_grouped_by_story_newest_first_then_paged()
    {
        var stages = Stages(MongoArticleStore.StoryPagePipeline(MongoArticleStore.SearchFilter(new ArticleQuery { Country = "CN" }), skip: 5, limit: 10));

        Assert.Equal(
            [
                """{ "$match" : { "countries" : "CN" } }""",
                """{ "$group" : { "_id" : "$storyId", "newest" : { "$max" : "$discoveredAt" } } }""",
                """{ "$sort" : { "newest" : -1, "_id" : -1 } }""",
                """{ "$skip" : 5 }""",
                """{ "$limit" : 10 }""",
            ],
            stages);
    }

    [Fact]
    public void The_story_total_counts_distinct_stories_of_matching_articles()
    {
        var stages = Stages(MongoArticleStore.StoryCountPipeline(MongoArticleStore.SearchFilter(new ArticleQuery { Relevant = true })));

        Assert.Equal(
            [
                """{ "$match" : { "relevant" : true } }""",
                """{ "$group" : { "_id" : "$storyId" } }""",
                """{ "$group" : { "_id" : null, "count" : { "$sum" : 1 } } }""",
            ],
            stages);
    }

    private static List<string> Stages(PipelineDefinition<ArticleDocument, BsonDocument> pipeline) =>
        [.. pipeline.Render(new RenderArgs<ArticleDocument>(BsonSerializer.LookupSerializer<ArticleDocument>(), BsonSerializer.SerializerRegistry)).Documents.Select(d => d.ToJson())];
}
