using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

internal static class MongoErrors
{
    private const int DuplicateKeyCode = 11000;

    /// <summary>The server refused a write because a unique index already holds the key.</summary>
    public static bool IsDuplicateKey(Exception exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Count > 0 && bulk.WriteConcernError is null
            && bulk.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == DuplicateKeyCode,
        _ => false,
    };
}
