using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Validation;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoSubscriptionStore(MongoStorage storage, TimeProvider time, WebhookSecretProtector secrets) : ISubscriptionStore
{
    /// <summary>Bounds the compare-and-set retries of a rotation racing with other writers of the same webhook.</summary>
    private const int MaxRaces = 10;

    private static FilterDefinitionBuilder<SubscriptionDocument> Filter => Builders<SubscriptionDocument>.Filter;

    internal static SortDefinition<SubscriptionDocument> Oldest => Builders<SubscriptionDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id);

    public async Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.Subscriptions.Find(ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel(secrets);
    }

    public async Task<Subscription?> GetByFeedTokenAsync(string token, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.Subscriptions.Find(ByFeedTokenHash(Subscription.HashFeedToken(token))).FirstOrDefaultAsync(cancellationToken);
        return document is not null && FeedTokens.Match(document.FeedToken, token) ? document.ToModel(secrets) : null;
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
        return await storage.Subscriptions.InsertUnlessPresentAsync(SubscriptionDocument.From(stored, secrets), cancellationToken);
    }

    public async Task<bool> UpdateAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        SubscriptionRules.Validate(subscription);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Subscriptions.UpdateOneAsync(
            ById(subscription.Id), ReplaceUpdate(subscription, time.GetUtcNow(), secrets), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<string?> RegenerateFeedTokenAsync(string id, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var token = Subscription.GenerateFeedToken();
        var result = await storage.Subscriptions.UpdateOneAsync(ById(id), FeedTokenUpdate(token, time.GetUtcNow()), cancellationToken: cancellationToken);
        return result.MatchedCount == 1 ? token : null;
    }

    public async Task<WebhookChannel?> RotateWebhookSecretAsync(string id, string newSecret, DateTimeOffset previousExpiresAt, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var protectedSecret = secrets.Protect(newSecret);
        for (var race = 0; race < MaxRaces; race++)
        {
            var document = await storage.Subscriptions.Find(ById(id)).FirstOrDefaultAsync(cancellationToken);
            if (document?.Webhook is not { } webhook)
            {
                return null;
            }

            // The secret being replaced is encrypted on the way, should it still be in clear.
            var rotated = webhook.ToStored().Rotated(protectedSecret, previousExpiresAt) with { PreviousSecret = secrets.Protect(webhook.Secret) };
            var result = await storage.Subscriptions.UpdateOneAsync(
                WebhookSecretStillFilter(id, webhook.Secret), RotateUpdate(rotated, time.GetUtcNow()), cancellationToken: cancellationToken);
            if (result.MatchedCount == 1)
            {
                return secrets.Open(rotated);
            }
        }

        throw new InvalidOperationException($"Subscription {id}'s webhook changed {MaxRaces} times while its secret was being rotated; try again.");
    }

    public async Task<int> SecureStoredSecretsAsync(CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var changed = 0;
        var unhashed = await storage.Subscriptions.Find(UnhashedFeedTokenFilter).ToListAsync(cancellationToken);
        foreach (var document in unhashed)
        {
            var result = await storage.Subscriptions.UpdateOneAsync(
                ById(document.Id) & Filter.Eq(d => d.FeedToken, document.FeedToken) & UnhashedFeedTokenFilter,
                Builders<SubscriptionDocument>.Update.Set(d => d.FeedTokenHash, Subscription.HashFeedToken(document.FeedToken!)),
                cancellationToken: cancellationToken);
            changed += (int)result.ModifiedCount;
        }

        var clear = await storage.Subscriptions.Find(ClearSecretFilter).ToListAsync(cancellationToken);
        foreach (var document in clear.Where(d => d.Webhook!.ToStored().HasClearSecret))
        {
            var webhook = document.Webhook!;
            var result = await storage.Subscriptions.UpdateOneAsync(
                WebhookSecretsStillFilter(document.Id, webhook.Secret, webhook.PreviousSecret),
                SecureSecretsUpdate(secrets.Protect(webhook.Secret), webhook.PreviousSecret is null ? null : secrets.Protect(webhook.PreviousSecret)),
                cancellationToken: cancellationToken);
            changed += (int)result.ModifiedCount;
        }

        return changed;
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

    internal static FilterDefinition<SubscriptionDocument> ByFeedTokenHash(string hash) => Filter.Eq(d => d.FeedTokenHash, hash);

    internal static FilterDefinition<SubscriptionDocument> UnhashedFeedTokenFilter =>
        Filter.Exists(d => d.FeedToken) & Filter.Ne(d => d.FeedToken, null) & Filter.Exists(d => d.FeedTokenHash, false);

    internal static UpdateDefinition<SubscriptionDocument> FeedTokenUpdate(string token, DateTimeOffset now) =>
        Builders<SubscriptionDocument>.Update
            .Set(d => d.FeedToken, token)
            .Set(d => d.FeedTokenHash, Subscription.HashFeedToken(token))
            .Set(d => d.UpdatedAt, MongoTime.ToBson(now));

    /// <summary>Webhooks whose secret or previous secret is still in clear (not marked as encrypted), as older versions stored them.</summary>
    internal static FilterDefinition<SubscriptionDocument> ClearSecretFilter
    {
        get
        {
            var encrypted = new BsonRegularExpression("^" + WebhookSecretProtector.Marker);
            return Filter.Ne(d => d.Webhook, null)
                & (Filter.Not(Filter.Regex(d => d.Webhook!.Secret, encrypted))
                    | (Filter.Ne(d => d.Webhook!.PreviousSecret, null) & Filter.Not(Filter.Regex(d => d.Webhook!.PreviousSecret, encrypted))));
        }
    }

    /// <summary>The subscription while its webhook's stored (encrypted or clear) secret is still <paramref name="storedSecret"/>.</summary>
    internal static FilterDefinition<SubscriptionDocument> WebhookSecretStillFilter(string id, string storedSecret) =>
        ById(id) & Filter.Eq(d => d.Webhook!.Secret, storedSecret);

    internal static FilterDefinition<SubscriptionDocument> WebhookSecretsStillFilter(string id, string storedSecret, string? storedPrevious) =>
        WebhookSecretStillFilter(id, storedSecret) & Filter.Eq(d => d.Webhook!.PreviousSecret, storedPrevious);

    /// <summary>Sets the rotated secrets only, so an edit of the URL or format made since the read is kept.</summary>
    internal static UpdateDefinition<SubscriptionDocument> RotateUpdate(StoredWebhook rotated, DateTimeOffset now)
    {
        var document = WebhookDocument.From(rotated);
        return Builders<SubscriptionDocument>.Update
            .Set(d => d.Webhook!.Secret, document.Secret)
            .Set(d => d.Webhook!.PreviousSecret, document.PreviousSecret)
            .Set(d => d.Webhook!.PreviousSecretExpiresAt, document.PreviousSecretExpiresAt)
            .Set(d => d.UpdatedAt, MongoTime.ToBson(now));
    }

    /// <summary>Replaces secrets stored in clear by their encryption; touches nothing else, not even UpdatedAt (nobody changed the subscription).</summary>
    internal static UpdateDefinition<SubscriptionDocument> SecureSecretsUpdate(string protectedSecret, string? protectedPrevious) =>
        Builders<SubscriptionDocument>.Update.Set(d => d.Webhook!.Secret, protectedSecret).Set(d => d.Webhook!.PreviousSecret, protectedPrevious);

    /// <summary>Sets every field except the id, creation time and feed token (and its hash), which an update never moves.</summary>
    internal static UpdateDefinition<SubscriptionDocument> ReplaceUpdate(Subscription subscription, DateTimeOffset now, WebhookSecretProtector secrets)
    {
        var fields = SubscriptionDocument.From(subscription with { UpdatedAt = now }, secrets).ToBsonDocument();
        fields.Remove("_id");
        fields.Remove("createdAt");
        fields.Remove("feedToken");
        fields.Remove("feedTokenHash");
        return new BsonDocumentUpdateDefinition<SubscriptionDocument>(new BsonDocument("$set", fields));
    }

    private async Task<IReadOnlyList<Subscription>> FindAsync(FilterDefinition<SubscriptionDocument> filter, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.Subscriptions.Find(filter).Sort(Oldest).ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel(secrets))];
    }
}
