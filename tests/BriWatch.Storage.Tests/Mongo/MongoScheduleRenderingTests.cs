using BriWatch.Storage.Digests;
using BriWatch.Storage.Mongo;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Tests.Support;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>Subscription schedules, digest items and the daily cap's query as the server would see them, with no server.</summary>
public sealed class MongoScheduleRenderingTests
{
    private const string T0Json = """{ "$date" : "2026-03-01T08:00:00.123Z" }""";

    [Fact]
    public void Subscription_schedule_is_stored_as_readable_text()
    {
        var bson = SubscriptionDocument.From(Subscription("s1")).ToBsonDocument();

        Assert.Equal(
            ("America/Sao_Paulo", "07:30:00", "Friday", "22:00:00", "06:30:00", 5),
            (bson["timeZone"].AsString, bson["digestTime"].AsString, bson["digestDay"].AsString,
                bson["quietHours"]["start"].AsString, bson["quietHours"]["end"].AsString, bson["dailyCap"].AsInt32));
    }

    [Fact]
    public void Subscription_stored_before_schedules_existed_loads_with_the_defaults()
    {
        var bson = SubscriptionDocument.From(Subscription("s1")).ToBsonDocument();
        foreach (var field in new[] { "timeZone", "digestTime", "digestDay", "quietHours", "dailyCap" })
        {
            bson.Remove(field);
        }

        var loaded = BsonSerializer.Deserialize<SubscriptionDocument>(bson).ToModel();

        Assert.Equal(("UTC", new TimeOnly(8, 0), DayOfWeek.Monday, null, null), (loaded.TimeZone, loaded.DigestTime, loaded.DigestDay, loaded.QuietHours, loaded.DailyCap));
    }

    [Fact]
    public void Subscription_update_sets_absent_quiet_hours_and_cap_to_null_so_they_are_cleared()
    {
        var update = Render.Update(MongoSubscriptionStore.ReplaceUpdate(Subscription("s1") with { QuietHours = null, DailyCap = null }, T0));

        var set = update["$set"].AsBsonDocument;
        Assert.Equal((BsonNull.Value, BsonNull.Value), (set["quietHours"], set["dailyCap"]));
    }

    [Fact]
    public void Digest_item_round_trips_through_bson_keyed_by_subscription_and_story()
    {
        var item = new DigestItem { SubscriptionId = "s1", StoryId = "story-1", ArticleId = "a1", Payload = "{}", MatchedAt = T0, DueAt = T0.AddHours(1), DigestId = "dgs_1" };

        var bson = DigestItemDocument.From(item).ToBsonDocument();

        Assert.Equal("s1\nstory-1", bson["_id"].AsString);
        Same.Value(item, BsonSerializer.Deserialize<DigestItemDocument>(bson).ToModel());
    }

    [Fact]
    public void Digest_due_filter_matches_waiting_items_due_by_now()
    {
        Render.Is(
            $$"""{ "digestId" : null, "dueAt" : { "$lte" : {{T0Json}} } }""",
            Render.Filter(MongoDigestItemStore.DueFilter(T0)));
    }

    [Fact]
    public void Digest_due_pipeline_groups_waiting_items_by_subscription_and_due_time_earliest_first()
    {
        var stages = MongoDigestItemStore.DuePipeline(T0, 25)
            .Render(new(BsonSerializer.LookupSerializer<DigestItemDocument>(), BsonSerializer.SerializerRegistry)).Documents;

        Render.Is(
            $$"""
            { "stages" : [
                { "$match" : { "digestId" : null, "dueAt" : { "$lte" : {{T0Json}} } } },
                { "$group" : { "_id" : { "subscriptionId" : "$subscriptionId", "dueAt" : "$dueAt" } } },
                { "$sort" : { "_id.dueAt" : 1, "_id.subscriptionId" : 1 } },
                { "$limit" : 25 }
            ] }
            """,
            new BsonDocument("stages", new BsonArray(stages)));
    }

    [Fact]
    public void Digest_waiting_filter_matches_one_digests_unsent_items()
    {
        Render.Is(
            $$"""{ "subscriptionId" : "s1", "dueAt" : {{T0Json}}, "digestId" : null }""",
            Render.Filter(MongoDigestItemStore.WaitingFilter(new DueDigest("s1", T0))));
    }

    [Fact]
    public void Delivered_since_filter_matches_the_subscriptions_delivered_deliveries_from_then_on()
    {
        Render.Is(
            $$"""{ "subscriptionId" : "s1", "state" : "Delivered", "deliveredAt" : { "$gte" : {{T0Json}} } }""",
            Render.Filter(MongoDeliveryStore.DeliveredSince("s1", T0)));
    }

    [Fact]
    public void Digest_items_are_indexed_for_the_due_query()
    {
        var index = Assert.Single(MongoIndexes.DigestItems());

        Render.Is("""{ "digestId" : 1, "dueAt" : 1 }""", Render.Keys(index.Keys));
        Assert.Equal("due", index.Options.Name);
    }
}
