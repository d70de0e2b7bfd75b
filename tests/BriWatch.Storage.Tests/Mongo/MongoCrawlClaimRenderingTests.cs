using BriWatch.Storage.Mongo;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Sources;
using MongoDB.Bson;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The crawl claim's filters and updates as the server would see them, with no server.</summary>
public sealed class MongoCrawlClaimRenderingTests
{
    private const string T0Json = """{ "$date" : "2026-03-01T08:00:00.123Z" }""";

    [Fact]
    public void Claim_matches_the_source_only_while_no_live_claim_holds_it()
    {
        Render.Is(
            $$"""{ "_id" : "a", "$or" : [{ "crawlClaimExpiresAt" : null }, { "crawlClaimExpiresAt" : { "$lte" : {{T0Json}} } }] }""",
            Render.Filter(MongoSourceStore.ClaimableFilter("a", T0)));
    }

    [Fact]
    public void Claim_update_records_holder_token_and_expiry()
    {
        Render.Is(
            """{ "$set" : { "crawlClaimHolder" : "replica-1", "crawlClaimToken" : "tok", "crawlClaimExpiresAt" : { "$date" : "2026-03-01T08:02:00.123Z" } } }""",
            Render.Update(MongoSourceStore.CrawlClaimUpdate("replica-1", "tok", T0.AddMinutes(2))));
    }

    [Fact]
    public void Renewal_and_release_match_only_their_own_claim()
    {
        Render.Is("""{ "_id" : "a", "crawlClaimToken" : "tok" }""", Render.Filter(MongoSourceStore.UnderClaimFilter("a", "tok")));
        Render.Is(
            """{ "$set" : { "crawlClaimExpiresAt" : { "$date" : "2026-03-01T08:02:00.123Z" } } }""",
            Render.Update(MongoSourceStore.RenewUpdate(T0.AddMinutes(2))));
        Render.Is(
            """{ "$unset" : { "crawlClaimHolder" : 1, "crawlClaimToken" : 1, "crawlClaimExpiresAt" : 1 } }""",
            Render.Update(MongoSourceStore.ReleaseUpdate()));
    }

    [Fact]
    public void Completion_under_a_claim_requires_it_and_ends_it_while_one_without_leaves_any_claim_alone()
    {
        Render.Is("""{ "_id" : "a", "crawlClaimToken" : "tok" }""", Render.Filter(MongoSourceStore.CompletionFilter("a", "tok")));
        Render.Is("""{ "_id" : "a" }""", Render.Filter(MongoSourceStore.CompletionFilter("a", null)));

        var success = Render.Update(MongoSourceStore.SuccessUpdate(new FetchSuccess(T0, T0.AddMinutes(20), null, null, 0, ClaimToken: "tok")));
        var failure = Render.Update(MongoSourceStore.FailureUpdate(new FetchFailure("HTTP 503", T0, T0, "tok")));
        var unclaimed = Render.Update(MongoSourceStore.SuccessUpdate(new FetchSuccess(T0, T0.AddMinutes(20), null, null, 0)));

        Render.Is("""{ "crawlClaimHolder" : 1, "crawlClaimToken" : 1, "crawlClaimExpiresAt" : 1 }""", success["$unset"].AsBsonDocument);
        Assert.Equal(T0.UtcDateTime, success["$set"]["lastSuccessAt"].ToUniversalTime());
        Render.Is("""{ "crawlClaimHolder" : 1, "crawlClaimToken" : 1, "crawlClaimExpiresAt" : 1 }""", failure["$unset"].AsBsonDocument);
        Assert.Equal(1, failure["$inc"]["consecutiveFailures"].AsInt32);
        Assert.False(unclaimed.Contains("$unset"));
    }

    [Fact]
    public void Source_stored_without_a_claim_writes_no_claim_fields()
    {
        var bson = SourceDocument.From(Source("a"), T0).ToBsonDocument();

        Assert.DoesNotContain(bson.Names, n => n.StartsWith("crawlClaim", StringComparison.Ordinal));
    }
}
