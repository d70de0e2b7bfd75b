using BriWatch.Storage.Mongo;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The start-up migration that gives deliveries stored before kinds their kind, checked as BSON without a server.</summary>
public sealed class MongoDeliveryKindRenderingTests
{
    [Theory]
    [InlineData(0, "digest", "Digest")]
    [InlineData(1, "endpoint-test", "EndpointTest")]
    public void Marked_deliveries_are_recognised_by_both_old_markers_and_only_documents_without_a_kind_change(int step, string marker, string kind)
    {
        var (filter, update) = MongoDeliveryKinds.Steps()[step];

        Render.Is(
            $$"""{ "kind" : { "$exists" : false }, "articleId" : "{{marker}}", "storyId" : { "$regularExpression" : { "pattern" : "^{{marker}}:", "options" : "" } } }""",
            Render.Filter(filter));
        Render.Is($$"""{ "$set" : { "kind" : "{{kind}}" } }""", Render.Update(update));
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
