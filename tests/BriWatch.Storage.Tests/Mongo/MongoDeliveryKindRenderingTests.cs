using BriWatch.Storage.Mongo;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The start-up migration that gives deliveries stored before kinds their kind, checked as BSON without a server.</summary>
public sealed class MongoDeliveryKindRenderingTests
{
    [Fact]
    public void Digests_are_recognised_by_both_old_markers_and_only_documents_without_a_kind_change()
    {
        var (filter, update) = MongoDeliveryKinds.Steps()[0];

        Render.Is(
            """{ "kind" : { "$exists" : false }, "articleId" : "digest", "storyId" : { "$regularExpression" : { "pattern" : "^digest:", "options" : "" } } }""",
            Render.Filter(filter));
        Render.Is("""{ "$set" : { "kind" : "Digest" } }""", Render.Update(update));
    }

    [Fact]
    public void Endpoint_tests_are_recognised_by_both_old_markers()
    {
        var (filter, update) = MongoDeliveryKinds.Steps()[1];

        Render.Is(
            """{ "kind" : { "$exists" : false }, "articleId" : "endpoint-test", "storyId" : { "$regularExpression" : { "pattern" : "^endpoint-test:", "options" : "" } } }""",
            Render.Filter(filter));
        Render.Is("""{ "$set" : { "kind" : "EndpointTest" } }""", Render.Update(update));
    }

    [Fact]
    public void Every_other_document_without_a_kind_becomes_an_alert_last()
    {
        var steps = MongoDeliveryKinds.Steps();

        Assert.Equal(3, steps.Count);
        Render.Is("""{ "kind" : { "$exists" : false } }""", Render.Filter(steps[^1].Filter));
        Render.Is("""{ "$set" : { "kind" : "Alert" } }""", Render.Update(steps[^1].Update));
    }
}
