using BriWatch.Storage.Audit;
using BriWatch.Storage.Identity;
using BriWatch.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Identity;

/// <summary>The rules the command line and the API share, over a real SQLite database and a fake clock.</summary>
public sealed class ApiKeyIssuerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "briwatch-storage-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(T0);
    private readonly SqliteStorage storage;
    private readonly SqliteUserStore users;
    private readonly SqliteApiKeyStore keys;
    private readonly SqliteAuditLog audit;
    private readonly ApiKeyIssuer issuer;

    public ApiKeyIssuerTests()
    {
        storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = Path.Combine(folder, "briwatch.db") } });
        users = new SqliteUserStore(storage, time);
        keys = new SqliteApiKeyStore(storage, time);
        audit = new SqliteAuditLog(storage, time);
        issuer = new ApiKeyIssuer(keys, users, audit, time);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_owner_is_made_only_when_a_role_for_new_owners_is_given_and_both_changes_are_audited()
    {
        var refused = await issuer.IssueAsync(new ApiKeyIssueRequest { Actor = "root", OwnerId = "alice" }, Ct);
        var issued = await issuer.IssueAsync(new ApiKeyIssueRequest { Actor = "root", OwnerId = "alice", NewOwnerRole = UserRole.Subscriber }, Ct);

        Assert.Equal(ApiKeyIssueError.UnknownOwner, refused.Error);
        Assert.Null(issued.Error);
        Assert.Equal(ApiKeyVerdict.Valid, (await new ApiKeyAuthenticator(keys, users, time).AuthenticateAsync(issued.Key!.Key, Ct)).Verdict);
        Assert.Equal(ApiKeyScopes.Read | ApiKeyScopes.Subscriptions, issued.Stored!.Scopes);
        var records = (await audit.ListAsync(new AuditQuery(), Ct)).Items;
        Assert.Equal(["key.created", "user.created"], records.Select(r => r.Action));
        Assert.All(records, r => Assert.Equal("root", r.Actor));
        Assert.DoesNotContain(issued.Stored.SecretHash, records[0].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scopes_beyond_the_callers_own_are_refused_and_the_default_is_cut_to_them()
    {
        await users.CreateAsync(new User { OwnerId = "bob", DisplayName = "Bob" }, Ct);

        var escalated = await issuer.IssueAsync(
            new ApiKeyIssueRequest { Actor = "bob", OwnerId = "bob", Scopes = ApiKeyScopes.Read | ApiKeyScopes.Subscriptions, CallerScopes = ApiKeyScopes.Read }, Ct);
        var byDefault = await issuer.IssueAsync(new ApiKeyIssueRequest { Actor = "bob", OwnerId = "bob", CallerScopes = ApiKeyScopes.Read }, Ct);

        Assert.Equal(ApiKeyIssueError.BeyondCallerScopes, escalated.Error);
        Assert.Contains("subscriptions", escalated.Message, StringComparison.Ordinal);
        Assert.Equal(ApiKeyScopes.Read, byDefault.Stored!.Scopes);
        Assert.Single(await keys.ListAsync("bob", Ct));
    }

    [Fact]
    public async Task The_admin_scope_needs_an_admin_owner_even_from_an_admin()
    {
        await users.CreateAsync(new User { OwnerId = "carol", DisplayName = "Carol" }, Ct);
        var all = ApiKeyIssuer.DefaultScopes(UserRole.Admin);

        var issued = await issuer.IssueAsync(new ApiKeyIssueRequest { Actor = "root", OwnerId = "carol", Scopes = ApiKeyScopes.Admin, CallerScopes = all }, Ct);

        Assert.Equal(ApiKeyIssueError.AdminScopeNeedsAdmin, issued.Error);
        Assert.Empty(await keys.ListAsync("carol", Ct));
    }

    [Fact]
    public async Task A_disabled_owner_and_a_past_expiry_are_refused()
    {
        await users.CreateAsync(new User { OwnerId = "dave", DisplayName = "Dave", Disabled = true }, Ct);
        await users.CreateAsync(new User { OwnerId = "erin", DisplayName = "Erin" }, Ct);

        var disabled = await issuer.IssueAsync(new ApiKeyIssueRequest { Actor = "root", OwnerId = "dave" }, Ct);
        var expired = await issuer.IssueAsync(new ApiKeyIssueRequest { Actor = "root", OwnerId = "erin", ExpiresAt = time.GetUtcNow() }, Ct);

        Assert.Equal(ApiKeyIssueError.OwnerDisabled, disabled.Error);
        Assert.Equal(ApiKeyIssueError.ExpiryNotInFuture, expired.Error);
        Assert.Empty(await keys.ListAsync(null, Ct));
        Assert.Empty((await audit.ListAsync(new AuditQuery(), Ct)).Items);
    }

    [Fact]
    public async Task Revoking_twice_keeps_the_first_revocation_and_records_it_once()
    {
        var issued = await issuer.IssueAsync(new ApiKeyIssueRequest { Actor = "root", OwnerId = "frank", NewOwnerRole = UserRole.Subscriber }, Ct);
        var prefix = issued.Stored!.Prefix;

        var first = await issuer.RevokeAsync("root", prefix, Ct);
        time.Advance(TimeSpan.FromMinutes(5));
        var second = await issuer.RevokeAsync("root", prefix, Ct);

        Assert.False(first!.AlreadyRevoked);
        Assert.True(second!.AlreadyRevoked);
        Assert.Equal(first.After.RevokedAt, second.After.RevokedAt);
        Assert.Null(await issuer.RevokeAsync("root", "bw_0000000000", Ct));
        var revocations = (await audit.ListAsync(new AuditQuery { TargetType = ApiKeyIssuer.TargetType, TargetId = prefix }, Ct)).Items;
        Assert.Single(revocations, r => r.Action == "key.revoked");
    }

    public void Dispose()
    {
        storage.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
