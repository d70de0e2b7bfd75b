using BriWatch.Storage.Mongo;
using BriWatch.Storage.Outbox;
using MongoDB.Bson;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Mongo;

public sealed class MongoOutboxRenderingTests
{
    private const string T0Json = """{ "$date" : "2026-03-01T08:00:00.123Z" }""";
    private const string T2Json = """{ "$date" : "2026-03-01T08:02:00.123Z" }""";

    [Fact]
    public void Claim_takes_events_due_by_now_in_due_order_and_makes_them_due_again_later()
    {
        Render.Is($$"""{ "dueAt" : { "$lte" : {{T0Json}} } }""", Render.Filter(MongoOutboxStore.Due(T0)));
        Render.Is("""{ "dueAt" : 1, "_id" : 1 }""", Render.Sort(MongoOutboxStore.ClaimOrder));
        Render.Is(
            $$"""{ "$set" : { "dueAt" : {{T2Json}} }, "$inc" : { "publications" : 1 } }""",
            Render.Update(MongoOutboxStore.ClaimUpdate(T0.AddMinutes(2))));
    }

    [Fact]
    public void Recording_sets_every_field_only_on_insert_so_a_pending_event_is_kept()
    {
        var message = OutboxMessage.New("ArticleDiscovered/a", "T, A", """{"articleId":"a"}""", T0, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        Render.Is(
            $$"""{ "$setOnInsert" : { "type" : "T, A", "payload" : "{\"articleId\":\"a\"}", "createdAt" : {{T0Json}}, "dueAt" : {{T0Json}}, "publications" : 0, "traceParent" : "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } }""",
            Render.Update(MongoOutboxStore.InsertOnlyUpdate(message)));
        Render.Is("""{ "_id" : "ArticleDiscovered/a" }""", Render.Filter(MongoOutboxStore.ById("ArticleDiscovered/a")));
    }

    [Fact]
    public void Outbox_is_indexed_for_the_claim_and_the_oldest_pending()
    {
        var keys = MongoIndexes.OutboxMessages().Select(i => Render.Keys(i.Keys).ToJson());

        Assert.Equal(["""{ "dueAt" : 1, "_id" : 1 }""", """{ "createdAt" : 1 }"""], keys);
        Render.Is("""{ "createdAt" : 1 }""", Render.Sort(MongoOutboxStore.OldestFirst));
    }
}
