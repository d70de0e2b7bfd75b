using BriWatch.Storage.Audit;
using BriWatch.Storage.Identity;
using BriWatch.Storage.Mongo;
using BriWatch.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The identity and audit filters, updates, documents and indexes the Mongo stores send, checked without a server.</summary>
public sealed class MongoIdentityRenderingTests
{
    private const string T0Json = """{ "$date" : "2026-03-01T08:00:00.123Z" }""";

    [Fact]
    public void Revocation_matches_only_a_key_not_yet_revoked_so_the_first_time_stands()
    {
        Render.Is("""{ "_id" : "bw_0123456789", "revokedAt" : null }""", Render.Filter(MongoApiKeyStore.NotRevoked("bw_0123456789")));
        Render.Is($$"""{ "$set" : { "revokedAt" : {{T0Json}} } }""", Render.Update(MongoApiKeyStore.RevokeUpdate(T0)));
    }

    [Fact]
    public void Use_is_recorded_only_when_unrecorded_or_a_minute_old()
    {
        Render.Is(
            """{ "_id" : "bw_0123456789", "$or" : [{ "lastUsedAt" : null }, { "lastUsedAt" : { "$lte" : { "$date" : "2026-03-01T07:59:00.123Z" } } }] }""",
            Render.Filter(MongoApiKeyStore.UseDue("bw_0123456789", T0)));
    }

    [Fact]
    public void Keys_are_listed_by_owner_or_all()
    {
        Render.Is("""{ "ownerId" : "alice" }""", Render.Filter(MongoApiKeyStore.OwnedBy("alice")));
        Render.Is("{ }", Render.Filter(MongoApiKeyStore.OwnedBy(null)));
    }

    [Fact]
    public void A_user_update_sets_the_profile_and_update_time_but_never_the_id_or_creation_time()
    {
        var user = new User { OwnerId = "alice", DisplayName = "Alice", Email = "a@example.org", Role = UserRole.Admin, Disabled = true, CreatedAt = T0 };

        Render.Is(
            $$"""{ "$set" : { "displayName" : "Alice", "email" : "a@example.org", "role" : "Admin", "disabled" : true, "updatedAt" : {{T0Json}} } }""",
            Render.Update(MongoUserStore.ProfileUpdate(user, T0)));
    }

    [Fact]
    public void A_key_document_holds_scope_names_and_the_hash_but_no_secret()
    {
        var generated = ApiKeys.Generate();
        var key = new ApiKey
        {
            Prefix = generated.Prefix, OwnerId = "alice", SecretHash = generated.SecretHash, Scopes = ApiKeyScopes.Read | ApiKeyScopes.Admin, CreatedAt = T0,
        };

        var bson = ApiKeyDocument.From(key).ToBsonDocument();

        Assert.Equal(generated.Prefix, bson["_id"].AsString);
        Assert.Equal(new BsonArray { "read", "admin" }, bson["scopes"].AsBsonArray);
        Assert.Equal(generated.SecretHash, bson["secretHash"].AsString);
        Assert.DoesNotContain(generated.Key[14..], bson.ToJson(), StringComparison.Ordinal);
        Assert.Equal(key, BsonSerializer.Deserialize<ApiKeyDocument>(bson).ToModel());
    }

    [Fact]
    public void A_user_document_is_keyed_by_owner_id_with_the_role_by_name()
    {
        var user = new User { OwnerId = "alice", DisplayName = "Alice", Role = UserRole.Admin, CreatedAt = T0, UpdatedAt = T0 };

        var bson = UserDocument.From(user).ToBsonDocument();

        Assert.Equal("alice", bson["_id"].AsString);
        Assert.Equal("Admin", bson["role"].AsString);
        Assert.Equal(user, BsonSerializer.Deserialize<UserDocument>(bson).ToModel());
    }

    [Fact]
    public void Audit_listing_filters_by_actor_and_target_and_continues_after_the_cursor()
    {
        var first = MongoAuditLog.ListFilter(new AuditQuery { Actor = "cli", TargetType = "api_key", TargetId = "bw_0123456789" });
        Render.Is("""{ "actor" : "cli", "targetType" : "api_key", "targetId" : "bw_0123456789" }""", Render.Filter(first));

        var cursor = AuditRecords.Page(
            [Record("aud_b", T0), Record("aud_a", T0)], limit: 1).Next;
        Render.Is(
            $$"""{ "$or" : [{ "at" : { "$lt" : {{T0Json}} } }, { "at" : {{T0Json}}, "_id" : { "$lt" : "aud_b" } }] }""",
            Render.Filter(MongoAuditLog.ListFilter(new AuditQuery { After = cursor })));
        Render.Is("""{ "at" : -1, "_id" : -1 }""", Render.Sort(MongoAuditLog.Newest));
    }

    [Fact]
    public void Api_keys_are_indexed_by_owner_and_unique_by_secret_hash()
    {
        var indexes = MongoIndexes.ApiKeys();
        var unique = Assert.Single(indexes, i => i.Options.Unique == true);

        Render.Is("""{ "secretHash" : 1 }""", Render.Keys(unique.Keys));
        Render.Is("""{ "ownerId" : 1, "createdAt" : 1 }""", Render.Keys(Assert.Single(indexes, i => i != unique).Keys));
    }

    [Fact]
    public void Audit_records_are_indexed_for_newest_first_listing_overall_per_actor_and_per_target()
    {
        Assert.Equal(
            [
                """{ "at" : -1, "_id" : -1 }""",
                """{ "actor" : 1, "at" : -1, "_id" : -1 }""",
                """{ "targetType" : 1, "targetId" : 1, "at" : -1, "_id" : -1 }""",
            ],
            MongoIndexes.AuditRecords().Select(i => Render.Keys(i.Keys).ToJson()));
        Assert.All(MongoIndexes.AuditRecords(), i => Assert.False(string.IsNullOrEmpty(i.Options.Name)));
        Assert.All(MongoIndexes.ApiKeys(), i => Assert.False(string.IsNullOrEmpty(i.Options.Name)));
    }

    private static AuditRecord Record(string id, DateTimeOffset at) =>
        new() { Id = id, At = at, Actor = "cli", Action = "user.created", TargetType = "user", TargetId = "alice" };
}
