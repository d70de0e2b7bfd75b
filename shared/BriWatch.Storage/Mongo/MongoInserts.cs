using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

internal static class MongoInserts
{
    /// <summary>
    /// Inserts <paramref name="document"/> unless a unique index already holds its key: true when inserted, false when
    /// it was there. The stores' create-once operations all rest on this.
    /// </summary>
    public static async Task<bool> InsertUnlessPresentAsync<T>(this IMongoCollection<T> collection, T document, CancellationToken cancellationToken)
    {
        try
        {
            await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            return false;
        }
    }
}
