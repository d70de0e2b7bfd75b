using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Validation;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoSubscriptionStore(MongoStorage storage, TimeProvider time) : ISubscriptionStore
{
    private static FilterDefinitionBuilder<SubscriptionDocument> Filter => Builders<SubscriptionDocument>.Filter;

    internal static SortDefinition<SubscriptionDocument> Oldest => Builders<SubscriptionDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id);

    public async Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.Subscriptions.Find(ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public async Task<Subscription?> GetByFeedTokenAsync(string token, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.Subscriptions.Find(ByFeedToken(token)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public Task<IReadOnlyList<Subscription>> ListAsync(string? owner, CancellationToken cancellationToken) =>
        FindAsync(owner is null ? Filter.Empty : Filter.Eq(d => d.Owner, owner), cancellationToken);

    public Task<IReadOnlyList<Subscription>> ListEnabledAsync(CancellationToken cancellationToken) =>
        FindAsync(Filter.Eq(d => d.Enabled, true), cancellationToken);

    public async Task<bool> CreateAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        SubscriptionRules.Validate(subscription);
        await storage.ReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var stored = subscription with
        {
            CreatedAt = subscription.CreatedAt == default ? now : subscription.CreatedAt,
            UpdatedAt = subscription.UpdatedAt == default ? now : subscription.UpdatedAt,
            FeedToken = subscription.FeedToken ?? Subscription.GenerateFeedToken(),
        };
        return await storage.Subscriptions.InsertUnlessPresentAsync(SubscriptionDocument.From(stored), cancellationToken);
    }

    public async Task<bool> UpdateAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        SubscriptionRules.Validate(subscription);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Subscriptions.UpdateOneAsync(
            ById(subscription.Id), ReplaceUpdate(subscription, time.GetUtcNow()), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<string?> RegenerateFeedTokenAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var token = Subscription.GenerateFeedToken();
        var result = await storage.Subscriptions.UpdateOneAsync(ById(id), FeedTokenUpdate(token, time.GetUtcNow()), cancellationToken: cancellationToken);
        return result.MatchedCount == 1 ? token : null;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Subscriptions.DeleteOneAsync(ById(id), cancellationToken);
        return result.DeletedCount == 1;
    }

    public async Task<bool> DisableWebhookAsync(string id, string url, string reason, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var result = await storage.Subscriptions.UpdateOneAsync(WebhookStillFilter(id, url), DisableWebhookUpdate(now), cancellationToken: cancellationToken);
        if (result.MatchedCount == 0)
        {
            return false;
        }

        await DisableIfNoChannelAsync(id, reason, now, cancellationToken);
        return true;
    }

    public async Task<bool> RemoveEmailAsync(string id, string reason, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var result = await storage.Subscriptions.UpdateOneAsync(ById(id) & Filter.Ne(d => d.Email, null), RemoveEmailUpdate(now), cancellationToken: cancellationToken);
        if (result.MatchedCount == 0)
        {
            return false;
        }

        await DisableIfNoChannelAsync(id, reason, now, cancellationToken);
        return true;
    }

    public async Task<bool> DisableAsync(string id, string reason, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Subscriptions.UpdateOneAsync(
            ById(id) & Filter.Eq(d => d.Enabled, true), DisableUpdate(reason, time.GetUtcNow()), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    // A second conditional update rather than one read-modify-write: it decides on the document as it is now, so an API
    // update that added a channel in between keeps the subscription enabled.
    private async Task DisableIfNoChannelAsync(string id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await storage.Subscriptions.UpdateOneAsync(NoUsableChannelFilter(id), DisableUpdate(reason, now), cancellationToken: cancellationToken);

    internal static FilterDefinition<SubscriptionDocument> WebhookStillFilter(string id, string url) =>
        ById(id) & Filter.Eq(d => d.Webhook!.Url, url) & Filter.Eq(d => d.Webhook!.Disabled, false);

    internal static FilterDefinition<SubscriptionDocument> NoUsableChannelFilter(string id) =>
        ById(id) & Filter.Eq(d => d.Enabled, true) & Filter.Eq(d => d.Email, null)
        & (Filter.Eq(d => d.Webhook, null) | Filter.Eq(d => d.Webhook!.Disabled, true));

    internal static UpdateDefinition<SubscriptionDocument> DisableWebhookUpdate(DateTimeOffset now) =>
        Builders<SubscriptionDocument>.Update.Set(d => d.Webhook!.Disabled, true).Set(d => d.UpdatedAt, MongoTime.ToBson(now));

    internal static UpdateDefinition<SubscriptionDocument> RemoveEmailUpdate(DateTimeOffset now) =>
        Builders<SubscriptionDocument>.Update.Set(d => d.Email, null).Set(d => d.UpdatedAt, MongoTime.ToBson(now));

    internal static UpdateDefinition<SubscriptionDocument> DisableUpdate(string reason, DateTimeOffset now) =>
        Builders<SubscriptionDocument>.Update
            .Set(d => d.Enabled, false)
            .Set(d => d.DisabledReason, reason)
            .Set(d => d.UpdatedAt, MongoTime.ToBson(now));

    internal static FilterDefinition<SubscriptionDocument> ById(string id) => Filter.Eq(d => d.Id, id);

    internal static FilterDefinition<SubscriptionDocument> ByFeedToken(string token) => Filter.Eq(d => d.FeedToken, token);

    internal static UpdateDefinition<SubscriptionDocument> FeedTokenUpdate(string token, DateTimeOffset now) =>
        Builders<SubscriptionDocument>.Update.Set(d => d.FeedToken, token).Set(d => d.UpdatedAt, MongoTime.ToBson(now));

    /// <summary>Sets every field except the id, creation time and feed token, which an update never moves.</summary>
    internal static UpdateDefinition<SubscriptionDocument> ReplaceUpdate(Subscription subscription, DateTimeOffset now)
    {
        var fields = SubscriptionDocument.From(subscription with { UpdatedAt = now }).ToBsonDocument();
        fields.Remove("_id");
        fields.Remove("createdAt");
        fields.Remove("feedToken");
        return new BsonDocumentUpdateDefinition<SubscriptionDocument>(new BsonDocument("$set", fields));
    }

    private async Task<IReadOnlyList<Subscription>> FindAsync(FilterDefinition<SubscriptionDocument> filter, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.Subscriptions.Find(filter).Sort(Oldest).ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }
}
