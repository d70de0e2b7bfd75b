using BriWatch.Storage.Identity;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Validation;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoUserStore(MongoStorage storage, TimeProvider time) : IUserStore
{
    private static FilterDefinitionBuilder<UserDocument> Filter => Builders<UserDocument>.Filter;

    public async Task<User?> GetAsync(string ownerId, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var document = await storage.Users.Find(Filter.Eq(d => d.Id, ownerId)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToModel();
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var documents = await storage.Users.Find(Filter.Empty)
            .Sort(Builders<UserDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id))
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d.ToModel())];
    }

    public async Task<bool> CreateAsync(User user, CancellationToken cancellationToken)
    {
        IdentityRules.Validate(user);
        await storage.ReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var stored = user with
        {
            CreatedAt = user.CreatedAt == default ? now : user.CreatedAt,
            UpdatedAt = user.UpdatedAt == default ? now : user.UpdatedAt,
        };
        return await storage.Users.InsertUnlessPresentAsync(UserDocument.From(stored), cancellationToken);
    }

    public async Task<bool> UpdateAsync(User user, CancellationToken cancellationToken)
    {
        IdentityRules.Validate(user);
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.Users.UpdateOneAsync(
            Filter.Eq(d => d.Id, user.OwnerId), ProfileUpdate(user, time.GetUtcNow()), cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    /// <summary>Everything but the owner id and creation time, which an update never moves.</summary>
    internal static UpdateDefinition<UserDocument> ProfileUpdate(User user, DateTimeOffset now) => Builders<UserDocument>.Update
        .Set(d => d.DisplayName, user.DisplayName)
        .Set(d => d.Email, user.Email)
        .Set(d => d.Role, user.Role)
        .Set(d => d.Disabled, user.Disabled)
        .Set(d => d.UpdatedAt, MongoTime.ToBson(now));
}
