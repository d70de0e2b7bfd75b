using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Validation;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoSourceStore(MongoStorage storage, TimeProvider time) : ISourceStore
{
    private static FilterDefinitionBuilder<SourceDocument> Filter => Builders<SourceDocument>.Filter;

    private static UpdateDefinitionBuilder<SourceDocument> Update => Builders<SourceDocument>.Update;

    public async Task<Source?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.Sources.Find(ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public async Task<IReadOnlyList<Source>> ListAsync(CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.Sources.Find(Filter.Empty).Sort(Builders<SourceDocument>.Sort.Ascending(d => d.Id)).ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<bool> CreateAsync(Source source, CancellationToken cancellationToken)
    {
        SourceRules.Validate(source);
        await storage.ReadyAsync(cancellationToken);
        return await storage.Sources.InsertUnlessPresentAsync(SourceDocument.From(source, time.GetUtcNow()), cancellationToken);
    }

    public async Task<int> AddMissingAsync(IEnumerable<Source> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var batch = sources.ToList();
        batch.ForEach(SourceRules.Validate);
        await storage.ReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var source in batch)
        {
            try
            {
                var result = await storage.Sources.UpdateOneAsync(
                    ById(source.Id), InsertOnlyUpdate(source, now), new UpdateOptions { IsUpsert = true }, cancellationToken);
                added += result.UpsertedId is null ? 0 : 1;
            }
            catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
            {
                // A concurrent seeder inserted it between our match and insert: it exists, which is all we wanted.
            }
        }

        return added;
    }

    public async Task<bool> UpdateDefinitionAsync(Source source, CancellationToken cancellationToken)
    {
        SourceRules.Validate(source);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Sources.UpdateOneAsync(ById(source.Id), DefinitionUpdate(source, time.GetUtcNow()), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Sources.DeleteOneAsync(ById(id), cancellationToken);
        return result.DeletedCount == 1;
    }

    public async Task<IReadOnlyList<DueSource>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        ClaimRules.Validate(lease, max);
        await storage.ReadyAsync(cancellationToken);
        var claimed = new List<DueSource>();
        var options = new FindOneAndUpdateOptions<SourceDocument>
        {
            Sort = Builders<SourceDocument>.Sort.Ascending(d => d.NextAttemptAt).Ascending(d => d.Id),
            ReturnDocument = ReturnDocument.Before,
        };
        // Each FindOneAndUpdate is atomic on its document; the pushed-back time keeps others from matching it again.
        while (claimed.Count < max)
        {
            var before = await storage.Sources.FindOneAndUpdateAsync(DueFilter(now), ClaimUpdate(now + lease), options, cancellationToken);
            if (before is null)
            {
                break;
            }

            var dueAt = MongoTime.FromBson(before.NextAttemptAt);
            before.NextAttemptAt = MongoTime.ToBson(now + lease);
            claimed.Add(new DueSource(before.ToModel(), dueAt));
        }

        return claimed;
    }

    public async Task<CrawlClaim?> TryClaimCrawlAsync(string id, string holder, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ClaimRules.Validate(lease);
        await storage.ReadyAsync(cancellationToken);
        var token = ClaimRules.NewToken();
        var until = MongoTime.FromBson(MongoTime.ToBson(now + lease));
        var after = await storage.Sources.FindOneAndUpdateAsync(
            ClaimableFilter(id, now),
            CrawlClaimUpdate(holder, token, until),
            new FindOneAndUpdateOptions<SourceDocument> { ReturnDocument = ReturnDocument.After },
            cancellationToken);
        return after is null ? null : new CrawlClaim(after.ToModel(), holder, token, until);
    }

    public async Task<bool> RenewCrawlClaimAsync(string id, string claimToken, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimToken);
        ClaimRules.Validate(lease);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Sources.UpdateOneAsync(UnderClaimFilter(id, claimToken), RenewUpdate(now + lease), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<bool> ReleaseCrawlClaimAsync(string id, string claimToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimToken);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Sources.UpdateOneAsync(UnderClaimFilter(id, claimToken), ReleaseUpdate(), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<bool> RecordFetchSuccessAsync(string id, FetchSuccess success, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(success);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Sources.UpdateOneAsync(CompletionFilter(id, success.ClaimToken), SuccessUpdate(success), cancellationToken: cancellationToken);
        if (result.MatchedCount == 1)
        {
            return true;
        }

        return await ExistsAsync(id, cancellationToken) ? false : throw SourceRules.Missing(id);
    }

    public async Task<int?> RecordFetchFailureAsync(string id, FetchFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        await storage.ReadyAsync(cancellationToken);
        var after = await storage.Sources.FindOneAndUpdateAsync(
            CompletionFilter(id, failure.ClaimToken),
            FailureUpdate(failure),
            new FindOneAndUpdateOptions<SourceDocument> { ReturnDocument = ReturnDocument.After },
            cancellationToken);
        if (after is not null)
        {
            return after.ConsecutiveFailures;
        }

        return await ExistsAsync(id, cancellationToken) ? null : throw SourceRules.Missing(id);
    }

    public async Task<bool> MarkStaleAsync(string id, bool stale, DateTimeOffset? lastNewItemAt, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Sources.UpdateOneAsync(StaleChangeFilter(id, stale, lastNewItemAt), StaleUpdate(stale), cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }

    private async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken) =>
        await storage.Sources.Find(ById(id)).Limit(1).CountDocumentsAsync(cancellationToken) == 1;

    internal static FilterDefinition<SourceDocument> ById(string id) => Filter.Eq(d => d.Id, id);

    /// <summary>No crawl holds the source at <paramref name="now"/>: no claim (a null also matches a missing field), or one that expired.</summary>
    internal static FilterDefinition<SourceDocument> NotHeldFilter(DateTimeOffset now) =>
        Filter.Eq(d => d.CrawlClaimExpiresAt, null) | Filter.Lte(d => d.CrawlClaimExpiresAt, MongoTime.ToBson(now));

    internal static FilterDefinition<SourceDocument> ClaimableFilter(string id, DateTimeOffset now) => ById(id) & NotHeldFilter(now);

    internal static FilterDefinition<SourceDocument> UnderClaimFilter(string id, string claimToken) =>
        ById(id) & Filter.Eq(d => d.CrawlClaimToken, claimToken);

    /// <summary>The source a completion may write: with a claim token only while still under that claim, without one whatever holds it.</summary>
    internal static FilterDefinition<SourceDocument> CompletionFilter(string id, string? claimToken) =>
        claimToken is null ? ById(id) : UnderClaimFilter(id, claimToken);

    internal static UpdateDefinition<SourceDocument> CrawlClaimUpdate(string holder, string claimToken, DateTimeOffset until) =>
        Update
            .Set(d => d.CrawlClaimHolder, holder)
            .Set(d => d.CrawlClaimToken, claimToken)
            .Set(d => d.CrawlClaimExpiresAt, MongoTime.ToBson(until));

    internal static UpdateDefinition<SourceDocument> RenewUpdate(DateTimeOffset until) =>
        Update.Set(d => d.CrawlClaimExpiresAt, MongoTime.ToBson(until));

    /// <summary>Removes the crawl claim, so the source is free for the next crawl.</summary>
    internal static UpdateDefinition<SourceDocument> ReleaseUpdate() =>
        Update.Unset(d => d.CrawlClaimHolder).Unset(d => d.CrawlClaimToken).Unset(d => d.CrawlClaimExpiresAt);

    private static UpdateDefinition<SourceDocument> EndClaim(UpdateDefinition<SourceDocument> update) => Update.Combine(update, ReleaseUpdate());

    /// <summary>The source while its flag differs and no item arrived since the caller looked (a null time also matches a missing field).</summary>
    internal static FilterDefinition<SourceDocument> StaleChangeFilter(string id, bool stale, DateTimeOffset? lastNewItemAt) =>
        ById(id) & Filter.Ne(d => d.Stale, stale) & Filter.Eq(d => d.LastNewItemAt, MongoTime.ToBson(lastNewItemAt));

    internal static UpdateDefinition<SourceDocument> StaleUpdate(bool stale) => Update.Set(d => d.Stale, stale);

    internal static FilterDefinition<SourceDocument> DueFilter(DateTimeOffset now) =>
        Filter.Eq(d => d.Enabled, true) & Filter.Lte(d => d.NextAttemptAt, MongoTime.ToBson(now)) & NotHeldFilter(now);

    internal static UpdateDefinition<SourceDocument> ClaimUpdate(DateTimeOffset leaseUntil) =>
        Update.Set(d => d.NextAttemptAt, MongoTime.ToBson(leaseUntil));

    /// <summary>Writes the whole source only when the upsert inserts it, so an existing (possibly edited) source is untouched.</summary>
    internal static UpdateDefinition<SourceDocument> InsertOnlyUpdate(Source source, DateTimeOffset now)
    {
        var fields = SourceDocument.From(source, now).ToBsonDocument();
        // The upsert takes _id from the filter.
        fields.Remove("_id");
        return new BsonDocumentUpdateDefinition<SourceDocument>(new BsonDocument("$setOnInsert", fields));
    }

    internal static UpdateDefinition<SourceDocument> DefinitionUpdate(Source source, DateTimeOffset now) =>
        Update
            .Set(d => d.Name, source.Name)
            .Set(d => d.Url, source.Url)
            .Set(d => d.Kind, source.Kind)
            .Set(d => d.Language, source.Language)
            .Set(d => d.Country, source.Country)
            .Set(d => d.Official, source.Official)
            .Set(d => d.Enabled, source.Enabled)
            .Set(d => d.PollIntervalMs, (long)source.PollInterval.TotalMilliseconds)
            .Set(d => d.Options, new Dictionary<string, string>(source.Options))
            .Set(d => d.UpdatedAt, MongoTime.ToBson(now));

    internal static UpdateDefinition<SourceDocument> SuccessUpdate(FetchSuccess success)
    {
        var update = Update
            .Set(d => d.LastFetchedAt, MongoTime.ToBson(success.FetchedAt))
            .Set(d => d.LastSuccessAt, MongoTime.ToBson(success.FetchedAt))
            .Set(d => d.NextAttemptAt, MongoTime.ToBson(success.NextAttemptAt))
            .Set(d => d.ETag, success.ETag)
            .Set(d => d.LastModified, success.LastModified)
            .Set(d => d.LastError, null)
            .Set(d => d.LastWarning, success.Warning)
            .Set(d => d.ConsecutiveFailures, 0);
        if (success.NewItems > 0)
        {
            update = update.Set(d => d.LastNewItemAt, MongoTime.ToBson(success.FetchedAt)).Set(d => d.Stale, false);
        }

        // A completion under a claim ends it; one without a claim leaves whatever crawl holds the source alone.
        return success.ClaimToken is null ? update : EndClaim(update);
    }

    internal static UpdateDefinition<SourceDocument> FailureUpdate(FetchFailure failure)
    {
        var update = Update
            .Set(d => d.LastFetchedAt, MongoTime.ToBson(failure.FailedAt))
            .Set(d => d.NextAttemptAt, MongoTime.ToBson(failure.NextAttemptAt))
            .Set(d => d.LastError, failure.Error)
            .Inc(d => d.ConsecutiveFailures, 1);
        return failure.ClaimToken is null ? update : EndClaim(update);
    }
}
