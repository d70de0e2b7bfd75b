using BriWatch.Storage.Mongo;
using BriWatch.Storage.Mongo.Documents;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The backlog gauges' queries, checked as BSON without a server: both stay on the (state, …) indexes.</summary>
public sealed class MongoPendingBacklogRenderingTests
{
    [Fact]
    public void Retrying_counts_pending_deliveries_with_a_failed_attempt()
    {
        Render.Is("""{ "state" : "Pending", "attempts" : { "$gt" : 0 } }""", Render.Filter(MongoDeliveryStore.RetryingFilter));
    }

    [Fact]
    public void Oldest_pending_is_the_first_pending_delivery_by_creation_time()
    {
        Render.Is("""{ "state" : "Pending" }""", Render.Filter(MongoDeliveryStore.PendingFilter));
        Render.Is("""{ "createdAt" : 1 }""", Render.Sort<DeliveryDocument>(MongoDeliveryStore.OldestFirst));
    }
}
