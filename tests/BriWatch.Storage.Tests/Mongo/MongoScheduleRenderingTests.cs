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
        var bson = SubscriptionDocument.From(Subscription("s1"), TestSecrets.Protector).ToBsonDocument();

        Assert.Equal(
            ("America/Sao_Paulo", "07:30:00", "Friday", "22:00:00", "06:30:00", 5),
            (bson["timeZone"].AsString, bson["digestTime"].AsString, bson["digestDay"].AsString,
                bson["quietHours"]["start"].AsString, bson["quietHours"]["end"].AsString, bson["dailyCap"].AsInt32));
    }

    [Fact]
    public void Subscription_stored_before_schedules_existed_loads_with_the_defaults()
    {
        var bson = SubscriptionDocument.From(Subscription("s1"), TestSecrets.Protector).ToBsonDocument();
        foreach (var field in new[] { "timeZone", "digestTime", "digestDay", "quietHours", "dailyCap" })
        {
            bson.Remove(field);
        }

        var loaded = BsonSerializer.Deserialize<SubscriptionDocument>(bson).ToModel(TestSecrets.Protector);

        Assert.Equal(("UTC", new TimeOnly(8, 0), DayOfWeek.Monday, null, null), (loaded.TimeZone, loaded.DigestTime, loaded.DigestDay, loaded.QuietHours, loaded.DailyCap));
    }

    [Fact]
    public void Subscription_update_sets_absent_quiet_hours_and_cap_to_null_so_they_are_cleared()
    {
        var update = Render.Update(MongoSubscriptionStore.ReplaceUpdate(Subscription("s1") with { QuietHours = null, DailyCap = null }, T0, TestSecrets.Protector));

        var set = update["$set"].AsBsonDocument;
        Assert.Equal((BsonNull.Value, BsonNull.Value), (set["quietHours"], set["dailyCap"]));
    }

    [Fact]
    public void Digest_item_round_trips_through_bson_keyed_by_subscription_and_story_as_before_developments()
    {
        var item = new DigestItem { SubscriptionId = "s1", StoryId = "story-1", ArticleId = "a1", Payload = "{}", MatchedAt = T0, DueAt = T0.AddHours(1), DigestId = "dgs_1" };

        var bson = DigestItemDocument.From(item).ToBsonDocument();

        Assert.Equal("s1\nstory-1", bson["_id"].AsString);
        Same.Value(item, BsonSerializer.Deserialize<DigestItemDocument>(bson).ToModel());
    }

    [Fact]
    public void Digest_item_of_a_new_development_is_keyed_by_its_revision_and_keeps_its_facts()
    {
        var item = new DigestItem
        {
            SubscriptionId = "s1", StoryId = "story-1", Revision = "rev_financed", Stage = "financed", AmountUsd = 1.5e9,
            ArticleId = "a2", Payload = "{}", MatchedAt = T0, DueAt = T0.AddHours(1),
        };

        var bson = DigestItemDocument.From(item).ToBsonDocument();

        Assert.Equal("s1\nstory-1\nrev_financed", bson["_id"].AsString);
        Assert.Equal(("rev_financed", "financed", 1.5e9), (bson["revision"].AsString, bson["stage"].AsString, bson["amountUsd"].AsDouble));
        Same.Value(item, BsonSerializer.Deserialize<DigestItemDocument>(bson).ToModel());
    }

    [Fact]
    public void Digest_item_stored_before_developments_existed_loads_as_its_storys_first_item()
    {
        var item = new DigestItem { SubscriptionId = "s1", StoryId = "story-1", ArticleId = "a1", Payload = "{}", MatchedAt = T0, DueAt = T0.AddHours(1) };
        var bson = DigestItemDocument.From(item).ToBsonDocument();
        foreach (var field in new[] { "revision", "stage", "amountUsd" })
        {
            bson.Remove(field);
        }

        var loaded = BsonSerializer.Deserialize<DigestItemDocument>(bson).ToModel();

        Assert.Equal(("", (string?)null, (double?)null), (loaded.Revision, loaded.Stage, loaded.AmountUsd));
    }

    [Fact]
    public void Digest_item_stored_before_its_facts_had_fields_takes_them_from_its_payload()
    {
        var item = new DigestItem
        {
            SubscriptionId = "s1", StoryId = "story-1", ArticleId = "a1", MatchedAt = T0, DueAt = T0.AddHours(1),
            Payload = """{"type":"article.matched","data":{"articleId":"a1","stage":"signed","amountUsd":1200000000}}""",
        };
        var bson = DigestItemDocument.From(item).ToBsonDocument();
        bson.Remove("stage");
        bson.Remove("amountUsd");

        var loaded = BsonSerializer.Deserialize<DigestItemDocument>(bson).ToModel();

        Assert.Equal(("signed", 1.2e9), (loaded.Stage, loaded.AmountUsd));
    }

    [Fact]
    public void Digest_item_with_an_unreadable_payload_and_no_facts_loads_with_none()
    {
        var item = new DigestItem { SubscriptionId = "s1", StoryId = "story-1", ArticleId = "a1", Payload = "{not json", MatchedAt = T0, DueAt = T0.AddHours(1) };

        var loaded = BsonSerializer.Deserialize<DigestItemDocument>(DigestItemDocument.From(item).ToBsonDocument()).ToModel();

        Same.Value(item, loaded);
    }

    [Fact]
    public void Digest_mark_filter_matches_only_the_listed_items_of_the_digest_still_waiting_by_their_keys()
    {
        Render.Is(
            $$"""{ "subscriptionId" : "s1", "dueAt" : {{T0Json}}, "digestId" : null, "_id" : { "$in" : ["s1\nstory-1", "s1\nstory-2\nrev_financed"] } }""",
            Render.Filter(MongoDigestItemStore.MarkFilter(new DueDigest("s1", T0), [new("story-1", ""), new("story-2", "rev_financed")])));
    }

    [Fact]
    public void Digest_story_filter_matches_every_item_of_the_story()
    {
        Render.Is("""{ "storyId" : "story-1" }""", Render.Filter(MongoDigestItemStore.StoryFilter("story-1")));
    }

    [Fact]
    public void Digest_next_due_filter_matches_one_subscriptions_waiting_items()
    {
        Render.Is("""{ "subscriptionId" : "s1", "digestId" : null }""", Render.Filter(MongoDigestItemStore.SubscriptionWaitingFilter("s1")));
    }

    [Fact]
    public void Digest_next_due_pipeline_gives_each_subscription_with_waiting_items_its_earliest_due_time()
    {
        var stages = MongoDigestItemStore.NextDuePipeline()
            .Render(new(BsonSerializer.LookupSerializer<DigestItemDocument>(), BsonSerializer.SerializerRegistry)).Documents;

        Render.Is(
            """
            { "stages" : [
                { "$match" : { "digestId" : null } },
                { "$group" : { "_id" : "$subscriptionId", "dueAt" : { "$min" : "$dueAt" } } },
                { "$sort" : { "dueAt" : 1, "_id" : 1 } }
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
    public void Digest_items_are_indexed_for_the_trigger_sync_each_fire_and_matching()
    {
        var indexes = MongoIndexes.DigestItems().ToDictionary(i => i.Options.Name, i => Render.Keys(i.Keys));

        Assert.Equal(["due", "subscription", "story"], indexes.Keys);
        Render.Is("""{ "digestId" : 1, "dueAt" : 1 }""", indexes["due"]);
        Render.Is("""{ "subscriptionId" : 1, "digestId" : 1, "dueAt" : 1 }""", indexes["subscription"]);
        Render.Is("""{ "storyId" : 1 }""", indexes["story"]);
    }
}
