using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>Renders driver definitions to the BSON the server would receive, with no server involved.</summary>
internal static class Render
{
    public static BsonDocument Filter<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    public static BsonDocument Update<T>(UpdateDefinition<T> update) => update.Render(Args<T>()).AsBsonDocument;

    public static BsonDocument Sort<T>(SortDefinition<T> sort) => sort.Render(Args<T>());

    public static BsonDocument Keys<T>(IndexKeysDefinition<T> keys) => keys.Render(Args<T>());

    /// <summary>Asserts <paramref name="actual"/> equals the extended JSON <paramref name="expectedJson"/>.</summary>
    public static void Is(string expectedJson, BsonDocument actual) =>
        Assert.Equal(BsonDocument.Parse(expectedJson).ToJson(), actual.ToJson());

    private static RenderArgs<T> Args<T>() => new(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry);
}
