using BriWatch.Storage.Leases;
using BriWatch.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoLeaseStore(MongoStorage storage) : ILeaseStore
{
    private static FilterDefinitionBuilder<LeaseDocument> Filter => Builders<LeaseDocument>.Filter;

    public async Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await storage.ReadyAsync(cancellationToken);
        try
        {
            // Matches only when free to take; when someone else holds it, the upsert's insert hits the _id and fails.
            await storage.Leases.UpdateOneAsync(
                AcquirableFilter(name, holder, now), AcquireUpdate(holder, now + duration), new UpdateOptions { IsUpsert = true }, cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        await storage.ReadyAsync(cancellationToken);
        await storage.Leases.DeleteOneAsync(HeldBy(name, holder), cancellationToken);
    }

    internal static FilterDefinition<LeaseDocument> AcquirableFilter(string name, string holder, DateTimeOffset now) =>
        Filter.Eq(d => d.Id, name) & (Filter.Eq(d => d.Holder, holder) | Filter.Lte(d => d.ExpiresAt, MongoTime.ToBson(now)));

    internal static UpdateDefinition<LeaseDocument> AcquireUpdate(string holder, DateTimeOffset until) =>
        Builders<LeaseDocument>.Update.Set(d => d.Holder, holder).Set(d => d.ExpiresAt, MongoTime.ToBson(until));

    internal static FilterDefinition<LeaseDocument> HeldBy(string name, string holder) =>
        Filter.Eq(d => d.Id, name) & Filter.Eq(d => d.Holder, holder);
}
