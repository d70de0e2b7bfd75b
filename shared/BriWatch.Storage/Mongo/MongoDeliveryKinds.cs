using System.Text.RegularExpressions;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

/// <summary>
/// Gives deliveries stored before <see cref="DeliveryKind"/> existed their kind, from the markers that told kinds apart
/// then: digests carried the article id <c>digest</c> and a <c>digest:</c> story id, endpoint tests <c>endpoint-test</c>
/// likewise. Runs at start-up; only documents without a kind match, so a second run (another replica) changes nothing.
/// </summary>
internal static class MongoDeliveryKinds
{
    private static FilterDefinitionBuilder<DeliveryDocument> Filter => Builders<DeliveryDocument>.Filter;

    /// <summary>In order: the marked kinds first, then every other document without a kind is an alert.</summary>
    public static IReadOnlyList<(FilterDefinition<DeliveryDocument> Filter, UpdateDefinition<DeliveryDocument> Update)> Steps() =>
    [
        Marked(DeliveryKind.Digest, "digest"),
        Marked(DeliveryKind.EndpointTest, "endpoint-test"),
        (Filter.Exists(d => d.Kind, exists: false), SetKind(DeliveryKind.Alert)),
    ];

    public static async Task MigrateAsync(IMongoCollection<DeliveryDocument> deliveries, CancellationToken cancellationToken)
    {
        foreach (var (filter, update) in Steps())
        {
            await deliveries.UpdateManyAsync(filter, update, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Both markers, as every digest and test delivery carried them; an anchored prefix can use the story index.</summary>
    private static (FilterDefinition<DeliveryDocument>, UpdateDefinition<DeliveryDocument>) Marked(DeliveryKind kind, string marker) =>
        (Filter.Exists(d => d.Kind, exists: false)
            & Filter.Eq(d => d.ArticleId, marker)
            & Filter.Regex(d => d.StoryId, new BsonRegularExpression("^" + Regex.Escape(marker + ":"))),
         SetKind(kind));

    private static UpdateDefinition<DeliveryDocument> SetKind(DeliveryKind kind) => Builders<DeliveryDocument>.Update.Set(d => d.Kind, kind);
}
