using BriWatch.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Tests.Mongo;

public sealed class MongoIndexTests
{
    [Fact]
    public void Deliveries_are_unique_per_subscription_story_channel_and_revision()
    {
        var alert = MongoIndexes.Deliveries().Single(i => i.Options.Unique == true);

        Render.Is("""{ "subscriptionId" : 1, "storyId" : 1, "channel" : 1, "revision" : 1 }""", Render.Keys(alert.Keys));
        Assert.Equal(["alert", "due"], MongoIndexes.RetiredDeliveryIndexes);
        Assert.DoesNotContain(MongoIndexes.Deliveries(), i => i.Options.Name == "alert");
    }

    [Fact]
    public void Deliveries_are_indexed_for_story_lookups_claims_newest_first_listing_and_the_oldest_pending()
    {
        var keys = MongoIndexes.Deliveries().Where(i => i.Options.Unique != true).Select(i => Render.Keys(i.Keys).ToJson());

        Assert.Equal(
            ["""{ "storyId" : 1 }""", """{ "state" : 1, "nextAttemptAt" : 1, "_id" : 1 }""", """{ "createdAt" : -1, "_id" : -1 }""", """{ "state" : 1, "createdAt" : 1 }"""],
            keys);
    }

    [Fact]
    public void Subscriptions_have_unique_sparse_feed_token_and_token_hash_indexes_so_tokenless_ones_do_not_collide()
    {
        var indexes = MongoIndexes.Subscriptions();
        var unique = indexes.Where(i => i.Options.Unique == true).ToList();

        Assert.Equal(["""{ "feedToken" : 1 }""", """{ "feedTokenHash" : 1 }"""], unique.Select(i => Render.Keys(i.Keys).ToJson()));
        Assert.All(unique, i => Assert.True(i.Options.Sparse));
        Assert.Null(Assert.Single(indexes, i => !unique.Contains(i)).Options.Sparse);
    }

    [Fact]
    public void Sources_are_indexed_for_due_claims_in_claim_order()
    {
        var index = Assert.Single(MongoIndexes.Sources());

        Render.Is("""{ "enabled" : 1, "nextAttemptAt" : 1, "_id" : 1 }""", Render.Keys(index.Keys));
        Assert.Equal(["due"], MongoIndexes.RetiredSourceIndexes);
        Assert.Equal("claimOrder", index.Options.Name);
        Assert.NotEqual(true, index.Options.Unique);
    }

    [Fact]
    public void Articles_are_indexed_for_newest_first_search_and_each_list_filter()
    {
        var keys = MongoIndexes.Articles().Select(i => Render.Keys(i.Keys).ToJson());

        Assert.Equal(
            [
                """{ "discoveredAt" : -1, "_id" : -1 }""",
                """{ "storyId" : 1 }""",
                """{ "sourceId" : 1, "discoveredAt" : -1 }""",
                """{ "topics" : 1 }""",
                """{ "countries" : 1 }""",
            ],
            keys);
        Assert.All(MongoIndexes.Articles(), i => Assert.NotEqual(true, i.Options.Unique));
    }

    [Fact]
    public void Story_fingerprints_are_indexed_by_band_then_time()
    {
        var index = Assert.Single(MongoIndexes.StoryFingerprints());

        Render.Is("""{ "bandKeys" : 1, "at" : -1 }""", Render.Keys(index.Keys));
    }

    [Fact]
    public void Daily_cap_counts_are_unique_per_subscription_day_and_alert_and_indexed_for_purging()
    {
        var indexes = MongoIndexes.DailyCapCounts();
        var unique = Assert.Single(indexes, i => i.Options.Unique == true);

        Render.Is("""{ "subscriptionId" : 1, "day" : 1, "alertKey" : 1 }""", Render.Keys(unique.Keys));
        Render.Is("""{ "countedAt" : 1 }""", Render.Keys(Assert.Single(indexes, i => i != unique).Keys));
    }

    [Fact]
    public void Every_index_has_a_name_so_restarts_recreate_it_idempotently()
    {
        IEnumerable<CreateIndexOptions> all =
        [
            .. MongoIndexes.Sources().Select(i => i.Options),
            .. MongoIndexes.Articles().Select(i => i.Options),
            .. MongoIndexes.Subscriptions().Select(i => i.Options),
            .. MongoIndexes.Deliveries().Select(i => i.Options),
            .. MongoIndexes.StoryFingerprints().Select(i => i.Options),
            .. MongoIndexes.DigestItems().Select(i => i.Options),
            .. MongoIndexes.DailyCapCounts().Select(i => i.Options),
        ];

        Assert.All(all, o => Assert.False(string.IsNullOrEmpty(o.Name)));
    }
}
