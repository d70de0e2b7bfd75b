using BriWatch.Storage.Mongo;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.WebSub;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>What the WebSub store sends MongoDB, checked without a server.</summary>
public sealed class MongoWebSubRenderingTests
{
    [Fact]
    public void Callback_tokens_are_unique_and_renewals_are_indexed_by_state_time_and_id_in_claim_order()
    {
        var indexes = MongoWebSubSubscriptionStore.Indexes();

        Render.Is("""{ "callbackToken" : 1 }""", Render.Keys(indexes[0].Keys));
        Assert.True(indexes[0].Options.Unique);
        Render.Is("""{ "state" : 1, "renewAt" : 1, "_id" : 1 }""", Render.Keys(indexes[1].Keys));
        Assert.Equal(["renewal"], MongoWebSubSubscriptionStore.RetiredIndexes);
        Assert.NotEqual(true, indexes[1].Options.Unique);
    }

    [Fact]
    public void Verification_matches_the_token_unless_denied_and_sets_lease_and_renewal()
    {
        Render.Is(
            """{ "callbackToken" : "t1", "state" : { "$ne" : "Denied" } }""",
            Render.Filter(MongoWebSubSubscriptionStore.ActivatableFilter("t1")));
        Render.Is(
            """
            { "$set" : { "state" : "Active", "leaseExpiresAt" : { "$date" : "2026-03-08T08:00:00.123Z" },
              "renewAt" : { "$date" : "2026-03-07T08:00:00.123Z" }, "updatedAt" : { "$date" : "2026-03-01T08:00:00.123Z" } },
              "$unset" : { "lastError" : 1, "lastErrorAt" : 1 } }
            """,
            Render.Update(MongoWebSubSubscriptionStore.ActivateUpdate(T0.AddDays(7), T0.AddDays(6), T0)));
    }

    [Fact]
    public void Denial_records_the_reason_and_clears_the_lease()
    {
        Render.Is(
            """
            { "$set" : { "state" : "Denied", "deniedReason" : "no", "leaseExpiresAt" : null, "renewAt" : null,
              "updatedAt" : { "$date" : "2026-03-01T08:00:00.123Z" } } }
            """,
            Render.Update(MongoWebSubSubscriptionStore.DenyUpdate("no", T0)));
    }

    [Fact]
    public void A_problem_sets_only_the_error_and_its_time_and_clearing_unsets_both()
    {
        Render.Is(
            """{ "$set" : { "lastError" : "push rejected", "lastErrorAt" : { "$date" : "2026-03-01T08:00:00.123Z" } } }""",
            Render.Update(MongoWebSubSubscriptionStore.ProblemUpdate("push rejected", T0)));
        Render.Is("""{ "$unset" : { "lastError" : 1, "lastErrorAt" : 1 } }""", Render.Update(MongoWebSubSubscriptionStore.ClearProblemUpdate()));
    }

    [Fact]
    public void A_document_from_before_errors_loads_without_one_and_a_problem_round_trips()
    {
        var old = BsonDocument.Parse("""
            { "_id" : "src-1", "hub" : "https://hub.example.org/", "topic" : "https://example.org/feed", "secret" : "s", "callbackToken" : "tok",
              "state" : "Active", "leaseExpiresAt" : null, "renewAt" : null, "deniedReason" : null,
              "requestedAt" : { "$date" : "2026-03-01T08:00:00.123Z" }, "updatedAt" : { "$date" : "2026-03-01T08:00:00.123Z" } }
            """);
        var problem = new WebSubSubscription("src-1", "https://hub.example.org/", "https://example.org/feed", "s", "tok", WebSubState.Active, null, null, null, T0, T0, "hub answered HTTP 400", T0.AddMinutes(1));

        var loaded = BsonSerializer.Deserialize<WebSubSubscriptionDocument>(old).ToModel();
        var bson = WebSubSubscriptionDocument.From(problem).ToBsonDocument();

        Assert.Null(loaded.LastError);
        Assert.Null(loaded.LastErrorAt);
        Assert.Equal("hub answered HTTP 400", bson["lastError"].AsString);
        Assert.Equal(problem, BsonSerializer.Deserialize<WebSubSubscriptionDocument>(bson).ToModel());
        Assert.False(WebSubSubscriptionDocument.From(loaded).ToBsonDocument().Contains("lastError"));
    }

    [Fact]
    public void Renewal_claims_match_active_subscriptions_due_now()
    {
        Render.Is(
            """{ "state" : "Active", "renewAt" : { "$lte" : { "$date" : "2026-03-01T08:00:00.123Z" } } }""",
            Render.Filter(MongoWebSubSubscriptionStore.RenewalDueFilter(T0)));
    }

    [Fact]
    public void A_subscription_round_trips_through_its_document_keyed_by_source()
    {
        var subscription = new WebSubSubscription("src-1", "https://hub.example.org/", "https://example.org/feed", "s3cret", "tok", WebSubState.Pending, null, null, null, T0, T0);

        var bson = WebSubSubscriptionDocument.From(subscription).ToBsonDocument();
        var back = BsonSerializer.Deserialize<WebSubSubscriptionDocument>(bson).ToModel();

        Assert.Equal("src-1", bson["_id"].AsString);
        Assert.Equal("Pending", bson["state"].AsString);
        Assert.Equal(subscription, back);
    }
}
