using BriWatch.Storage.Audit;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Validation;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoAuditLog(MongoStorage storage, TimeProvider time) : IAuditLog
{
    private static FilterDefinitionBuilder<AuditRecordDocument> Filter => Builders<AuditRecordDocument>.Filter;

    internal static SortDefinition<AuditRecordDocument> Newest => Builders<AuditRecordDocument>.Sort.Descending(d => d.At).Descending(d => d.Id);

    public async Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        AuditRules.Validate(entry);
        await storage.ReadyAsync(cancellationToken);
        var record = AuditRecords.From(entry, time.GetUtcNow());
        await storage.AuditRecords.InsertOneAsync(AuditRecordDocument.From(record), cancellationToken: cancellationToken);
        return record;
    }

    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        AuditRules.Validate(query);
        var filter = ListFilter(query);
        await storage.ReadyAsync(cancellationToken);
        // One more than asked for says whether there is a next page without a count.
        var documents = await storage.AuditRecords.Find(filter).Sort(Newest).Limit(query.Limit + 1).ToListAsync(cancellationToken);
        return AuditRecords.Page([.. documents.Select(d => d.ToModel())], query.Limit);
    }

    internal static FilterDefinition<AuditRecordDocument> ListFilter(AuditQuery query)
    {
        var filters = new List<FilterDefinition<AuditRecordDocument>>();
        if (query.Actor is not null)
        {
            filters.Add(Filter.Eq(d => d.Actor, query.Actor));
        }

        if (query.TargetType is not null)
        {
            filters.Add(Filter.Eq(d => d.TargetType, query.TargetType));
        }

        if (query.TargetId is not null)
        {
            filters.Add(Filter.Eq(d => d.TargetId, query.TargetId));
        }

        if (AuditCursor.Decode(query.After) is { } after)
        {
            var at = MongoTime.ToBson(DateTimeOffset.FromUnixTimeMilliseconds(after.AtMs));
            filters.Add(Filter.Lt(d => d.At, at) | (Filter.Eq(d => d.At, at) & Filter.Lt(d => d.Id, after.Id)));
        }

        return filters.Count == 0 ? Filter.Empty : Filter.And(filters);
    }
}
