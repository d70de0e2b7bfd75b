using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Mongo;
using MongoDB.Bson;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>Retention on MongoDB (issue 14) rendered without a server: TTL indexes, their change in place, purge filters.</summary>
public sealed class MongoRetentionRenderingTests
{
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);

    [Fact]
    public void Story_fingerprints_expire_by_their_recording_time_after_the_retention()
    {
        var index = MongoIndexes.StoryFingerprintsExpiry(Month);

        Render.Is("""{ "at" : 1 }""", Render.Keys(index.Keys));
        Assert.Equal(Month, index.Options.ExpireAfter);
        Assert.Equal(MongoIndexes.ExpiryIndex, index.Options.Name);
    }

    [Fact]
    public void Deliveries_expire_by_creation_time_and_only_once_settled()
    {
        var index = MongoIndexes.DeliveriesExpiry(TimeSpan.FromDays(90));

        Render.Is("""{ "createdAt" : 1 }""", Render.Keys(index.Keys));
        Assert.Equal(TimeSpan.FromDays(90), index.Options.ExpireAfter);
        Render.Is("""{ "state" : { "$lt" : "Pending" } }""", Render.Filter(index.Options.PartialFilterExpression));
    }

    [Fact]
    public void Every_settled_delivery_state_sorts_before_pending_so_the_partial_filter_leaves_out_only_pending()
    {
        // The TTL's partial filter is {state: {$lt: "Pending"}} (a partial index takes no $ne): a new state whose name
        // sorts after "Pending" would never expire, one that is pending work under another name would be deleted.
        foreach (var state in Enum.GetValues<DeliveryState>().Where(s => s != DeliveryState.Pending))
        {
            Assert.True(string.CompareOrdinal(state.ToString(), nameof(DeliveryState.Pending)) < 0, $"{state} sorts after Pending");
        }
    }

    [Fact]
    public void A_changed_retention_changes_the_ttl_in_place_with_collMod()
    {
        var command = MongoIndexes.ChangeExpiry("deliveries", MongoIndexes.ExpiryIndex, TimeSpan.FromDays(90));

        Render.Is("""{ "collMod" : "deliveries", "index" : { "name" : "expiry", "expireAfterSeconds" : { "$numberLong" : "7776000" } } }""", command);
    }

    [Fact]
    public void Expired_articles_are_those_discovered_before_the_cutoff_except_those_pending_work_names()
    {
        var cutoff = T0.AddDays(3);

        Render.Is(
            """{ "discoveredAt" : { "$lt" : { "$date" : "2026-03-04T08:00:00.123Z" } }, "_id" : { "$nin" : ["a1", "a2"] } }""",
            Render.Filter(MongoArticleStore.ExpiredFilter(cutoff, ["a1", "a2"])));
        Render.Is(
            """{ "discoveredAt" : { "$lt" : { "$date" : "2026-03-04T08:00:00.123Z" } } }""",
            Render.Filter(MongoArticleStore.ExpiredFilter(cutoff, [])));
        Render.Is("""{ "discoveredAt" : 1, "_id" : 1 }""", Render.Sort(MongoArticleStore.OldestFirst));
    }

    [Fact]
    public void Pending_work_is_pending_deliveries_and_digest_items_no_digest_carried_yet()
    {
        Render.Is("""{ "state" : "Pending" }""", Render.Filter(MongoDeliveryStore.PendingFilter));
        Render.Is("""{ "digestId" : null }""", Render.Filter(MongoDigestItemStore.WaitingItems));
    }

    [Fact]
    public void Expired_deliveries_are_settled_ones_created_before_the_cutoff()
    {
        Render.Is(
            """{ "createdAt" : { "$lt" : { "$date" : "2026-03-04T08:00:00.123Z" } }, "state" : { "$lt" : "Pending" } }""",
            Render.Filter(MongoDeliveryStore.ExpiredFilter(T0.AddDays(3))));
    }

    [Fact]
    public void Expired_fingerprints_are_those_recorded_before_the_cutoff_oldest_first()
    {
        Render.Is("""{ "at" : { "$lt" : { "$date" : "2026-03-04T08:00:00.123Z" } } }""", Render.Filter(MongoStoryIndex.RecordedBefore(T0.AddDays(3))));
        Render.Is("""{ "at" : 1, "_id" : 1 }""", Render.Sort(MongoStoryIndex.OldestFirst));
    }
}
