using BriWatch.Storage.Audit;
using BriWatch.Storage.Identity;
using Microsoft.Extensions.Time.Testing;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

/// <summary>
/// Behaviour every provider's user store, API key store and audit log share, over one fresh database per test; each
/// provider derives one class.
/// </summary>
public abstract class IdentityStoreContract : IAsyncLifetime
{
    private IdentityStores? stores;
    private string? skipReason;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IdentityStores Stores
    {
        get
        {
            if (skipReason is not null)
            {
                Assert.Skip(skipReason);
            }

            return stores ?? throw new InvalidOperationException("The stores were not created.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        skipReason = UnavailableReason();
        if (skipReason is null)
        {
            stores = await CreateStoresAsync(new FakeTimeProvider(T0));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stores is not null)
        {
            await DestroyStoresAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected virtual string? UnavailableReason() => null;

    protected abstract Task<IdentityStores> CreateStoresAsync(FakeTimeProvider time);

    protected abstract Task DestroyStoresAsync();

    // ---- Users ----

    [Fact]
    public async Task A_created_user_is_found_by_owner_id_with_clock_stamped_times()
    {
        Assert.True(await Stores.Users.CreateAsync(User("alice"), Ct));

        var found = await Stores.Users.GetAsync("alice", Ct);

        Assert.Equal(User("alice") with { CreatedAt = T0, UpdatedAt = T0 }, found);
        Assert.Null(await Stores.Users.GetAsync("bob", Ct));
    }

    [Fact]
    public async Task A_taken_owner_id_is_refused_and_the_first_user_kept()
    {
        await Stores.Users.CreateAsync(User("alice"), Ct);

        Assert.False(await Stores.Users.CreateAsync(User("alice") with { DisplayName = "Impostor", Role = UserRole.Admin }, Ct));

        var kept = await Stores.Users.GetAsync("alice", Ct);
        Assert.Equal("Alice", kept!.DisplayName);
        Assert.Equal(UserRole.Subscriber, kept.Role);
    }

    [Fact]
    public async Task An_update_replaces_the_profile_keeps_creation_time_and_stamps_the_update()
    {
        await Stores.Users.CreateAsync(User("alice"), Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(5));

        var changed = User("alice") with { DisplayName = "Alice B.", Email = null, Role = UserRole.Admin, Disabled = true, CreatedAt = T0.AddYears(-1) };
        Assert.True(await Stores.Users.UpdateAsync(changed, Ct));

        Assert.Equal(changed with { CreatedAt = T0, UpdatedAt = T0.AddMinutes(5) }, await Stores.Users.GetAsync("alice", Ct));
        Assert.False(await Stores.Users.UpdateAsync(User("bob"), Ct));
    }

    [Fact]
    public async Task Users_are_listed_oldest_first()
    {
        await Stores.Users.CreateAsync(User("carol"), Ct);
        Stores.Time.Advance(TimeSpan.FromSeconds(1));
        await Stores.Users.CreateAsync(User("alice"), Ct);

        Assert.Equal(["carol", "alice"], (await Stores.Users.ListAsync(Ct)).Select(u => u.OwnerId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Alice")]
    [InlineData("-alice")]
    [InlineData("al ice")]
    [InlineData("alice/../admin")]
    public async Task A_user_with_an_owner_id_that_is_not_slug_like_is_refused(string ownerId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Users.CreateAsync(User("alice") with { OwnerId = ownerId }, Ct));
    }

    // ---- API keys ----

    [Fact]
    public async Task A_created_key_is_found_by_prefix_exactly_as_stored()
    {
        var key = Key("alice", ApiKeyScopes.Read | ApiKeyScopes.Subscriptions) with { ExpiresAt = T0.AddDays(30) };

        Assert.True(await Stores.Keys.CreateAsync(key, Ct));

        Assert.Equal(key with { CreatedAt = T0 }, await Stores.Keys.GetAsync(key.Prefix, Ct));
        Assert.Null(await Stores.Keys.GetAsync(ApiKeys.Generate().Prefix, Ct));
    }

    [Fact]
    public async Task A_taken_prefix_is_refused()
    {
        var key = Key("alice", ApiKeyScopes.Read);
        await Stores.Keys.CreateAsync(key, Ct);

        Assert.False(await Stores.Keys.CreateAsync(Key("bob", ApiKeyScopes.Admin) with { Prefix = key.Prefix }, Ct));
        Assert.Equal("alice", (await Stores.Keys.GetAsync(key.Prefix, Ct))!.OwnerId);
    }

    [Fact]
    public async Task Keys_are_listed_oldest_first_for_everyone_or_one_owner()
    {
        var first = Key("alice", ApiKeyScopes.Read);
        var second = Key("bob", ApiKeyScopes.Admin);
        var third = Key("alice", ApiKeyScopes.Subscriptions);
        foreach (var key in new[] { first, second, third })
        {
            await Stores.Keys.CreateAsync(key, Ct);
            Stores.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([first.Prefix, second.Prefix, third.Prefix], (await Stores.Keys.ListAsync(null, Ct)).Select(k => k.Prefix));
        Assert.Equal([first.Prefix, third.Prefix], (await Stores.Keys.ListAsync("alice", Ct)).Select(k => k.Prefix));
        Assert.Empty(await Stores.Keys.ListAsync("nobody", Ct));
    }

    [Fact]
    public async Task Revocation_stamps_the_clock_once_and_a_second_revocation_keeps_the_first_time()
    {
        var key = Key("alice", ApiKeyScopes.Read);
        await Stores.Keys.CreateAsync(key, Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(T0.AddMinutes(3), await Stores.Keys.RevokeAsync(key.Prefix, Ct));
        Stores.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(T0.AddMinutes(3), await Stores.Keys.RevokeAsync(key.Prefix, Ct));

        Assert.Equal(T0.AddMinutes(3), (await Stores.Keys.GetAsync(key.Prefix, Ct))!.RevokedAt);
        Assert.Null(await Stores.Keys.RevokeAsync(ApiKeys.Generate().Prefix, Ct));
    }

    [Fact]
    public async Task Use_is_recorded_at_most_once_per_minute()
    {
        var key = Key("alice", ApiKeyScopes.Read);
        await Stores.Keys.CreateAsync(key, Ct);

        Assert.True(await Stores.Keys.RecordUseAsync(key.Prefix, Ct));
        Stores.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(await Stores.Keys.RecordUseAsync(key.Prefix, Ct));
        Assert.Equal(T0, (await Stores.Keys.GetAsync(key.Prefix, Ct))!.LastUsedAt);

        Stores.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await Stores.Keys.RecordUseAsync(key.Prefix, Ct));
        Assert.Equal(T0.AddMinutes(1), (await Stores.Keys.GetAsync(key.Prefix, Ct))!.LastUsedAt);
        Assert.False(await Stores.Keys.RecordUseAsync(ApiKeys.Generate().Prefix, Ct));
    }

    [Fact]
    public async Task A_key_without_scopes_or_with_a_malformed_hash_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Keys.CreateAsync(Key("alice", ApiKeyScopes.None), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Keys.CreateAsync(Key("alice", ApiKeyScopes.Read) with { SecretHash = "plain-secret" }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Keys.CreateAsync(Key("alice", ApiKeyScopes.Read) with { Prefix = "key-1" }, Ct));
    }

    [Fact]
    public async Task The_authenticator_accepts_a_valid_key_once_and_records_its_use_no_more_than_once_a_minute()
    {
        await Stores.Users.CreateAsync(User("alice"), Ct);
        var generated = ApiKeys.Generate();
        await Stores.Keys.CreateAsync(Key("alice", ApiKeyScopes.Read) with { Prefix = generated.Prefix, SecretHash = generated.SecretHash }, Ct);
        var authenticator = new ApiKeyAuthenticator(Stores.Keys, Stores.Users, Stores.Time);

        var result = await authenticator.AuthenticateAsync(generated.Key, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal("alice", result.User!.OwnerId);
        Assert.Equal(ApiKeyScopes.Read, result.Key!.Scopes);
        Assert.Equal(T0, (await Stores.Keys.GetAsync(generated.Prefix, Ct))!.LastUsedAt);

        Stores.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await authenticator.AuthenticateAsync(generated.Key, Ct)).Succeeded);
        Assert.Equal(T0, (await Stores.Keys.GetAsync(generated.Prefix, Ct))!.LastUsedAt);
    }

    [Fact]
    public async Task The_authenticator_refuses_malformed_unknown_wrong_revoked_expired_and_disabled_keys()
    {
        await Stores.Users.CreateAsync(User("alice"), Ct);
        var authenticator = new ApiKeyAuthenticator(Stores.Keys, Stores.Users, Stores.Time);
        var good = await CreateKeyAsync("alice");
        var expired = await CreateKeyAsync("alice", T0.AddMinutes(1));
        var revoked = await CreateKeyAsync("alice");
        await Stores.Keys.RevokeAsync(revoked.Prefix, Ct);
        var orphan = await CreateKeyAsync("ghost");
        Stores.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(ApiKeyVerdict.Valid, (await authenticator.AuthenticateAsync(good.Key, Ct)).Verdict);
        Assert.Equal(ApiKeyVerdict.Malformed, (await authenticator.AuthenticateAsync("Bearer " + good.Key, Ct)).Verdict);
        Assert.Equal(ApiKeyVerdict.UnknownPrefix, (await authenticator.AuthenticateAsync(ApiKeys.Generate().Key, Ct)).Verdict);
        var wrongSecret = good.Prefix + ApiKeys.Generate().Key[good.Prefix.Length..];
        Assert.Equal(ApiKeyVerdict.WrongSecret, (await authenticator.AuthenticateAsync(wrongSecret, Ct)).Verdict);
        Assert.Equal(ApiKeyVerdict.Expired, (await authenticator.AuthenticateAsync(expired.Key, Ct)).Verdict);
        Assert.Equal(ApiKeyVerdict.Revoked, (await authenticator.AuthenticateAsync(revoked.Key, Ct)).Verdict);
        Assert.Equal(ApiKeyVerdict.UnknownOwner, (await authenticator.AuthenticateAsync(orphan.Key, Ct)).Verdict);

        await Stores.Users.UpdateAsync(User("alice") with { Disabled = true }, Ct);
        var refused = await authenticator.AuthenticateAsync(good.Key, Ct);
        Assert.Equal(ApiKeyVerdict.OwnerDisabled, refused.Verdict);
        Assert.Null(refused.User);
        Assert.Null(refused.Key);
    }

    // ---- Audit ----

    [Fact]
    public async Task A_recorded_entry_is_stamped_with_an_id_and_the_clock_and_listed_as_returned()
    {
        var entry = new AuditEntry("cli", "key.created", "api_key", "bw_0123456789", null, """{"owner":"alice","scopes":["read"]}""");

        var recorded = await Stores.Audit.RecordAsync(entry, Ct);

        Assert.Equal(T0, recorded.At);
        Assert.False(string.IsNullOrEmpty(recorded.Id));
        Assert.Equal(("cli", "key.created", "api_key", "bw_0123456789"), (recorded.Actor, recorded.Action, recorded.TargetType, recorded.TargetId));
        var page = await Stores.Audit.ListAsync(new AuditQuery(), Ct);
        Assert.Equal(recorded, Assert.Single(page.Items));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Audit_records_are_listed_newest_first_in_pages_that_join_without_gaps_or_repeats()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await Stores.Audit.RecordAsync(new AuditEntry("cli", "user.created", "user", $"user-{i}"), Ct)).Id);
            // Some share a millisecond, so the id breaks ties and the cursor must carry both.
            if (i % 2 == 1)
            {
                Stores.Time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        var seen = new List<AuditRecord>();
        string? next = null;
        do
        {
            var page = await Stores.Audit.ListAsync(new AuditQuery { Limit = 3, After = next }, Ct);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items);
            next = page.Next;
        }
        while (next is not null);

        Assert.Equal(7, seen.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(seen.OrderByDescending(r => r.At).ThenByDescending(r => r.Id, StringComparer.Ordinal).Select(r => r.Id), seen.Select(r => r.Id));
        Assert.Equal("user-6", seen[0].TargetId);
        // Records written within one millisecond still list in the reverse of the order they were written.
        Assert.Equal(ids.AsEnumerable().Reverse(), seen.Select(r => r.Id));
    }

    [Fact]
    public async Task A_page_that_ends_exactly_at_the_last_record_has_no_next()
    {
        await Stores.Audit.RecordAsync(new AuditEntry("cli", "user.created", "user", "a"), Ct);
        await Stores.Audit.RecordAsync(new AuditEntry("cli", "user.created", "user", "b"), Ct);

        var page = await Stores.Audit.ListAsync(new AuditQuery { Limit = 2 }, Ct);

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Audit_records_are_filtered_by_actor_and_by_target()
    {
        foreach (var entry in new AuditEntry[]
        {
            new("cli", "user.created", "user", "alice"),
            new("alice", "subscription.updated", "subscription", "sub_1"),
            new("bob", "subscription.deleted", "subscription", "sub_2"),
            new("admin", "user.updated", "user", "sub_1"),
        })
        {
            await Stores.Audit.RecordAsync(entry, Ct);
            Stores.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["subscription.updated"], await ActionsAsync(new AuditQuery { Actor = "alice" }));
        Assert.Equal(["subscription.deleted", "subscription.updated"], await ActionsAsync(new AuditQuery { TargetType = "subscription" }));
        Assert.Equal(["subscription.updated"], await ActionsAsync(new AuditQuery { TargetType = "subscription", TargetId = "sub_1" }));
        Assert.Empty(await ActionsAsync(new AuditQuery { Actor = "bob", TargetType = "user" }));
    }

    [Fact]
    public async Task Bad_audit_input_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Audit.RecordAsync(new AuditEntry(" ", "user.created", "user", "a"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Audit.RecordAsync(new AuditEntry("cli", "user.created", "user", "a", "not json"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Audit.RecordAsync(new AuditEntry("cli", "user.created", "user", "a", After: "[1]"), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Audit.ListAsync(new AuditQuery { Limit = 0 }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Audit.ListAsync(new AuditQuery { TargetId = "sub_1" }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Audit.ListAsync(new AuditQuery { After = "not-a-cursor" }, Ct));
    }

    private async Task<IReadOnlyList<string>> ActionsAsync(AuditQuery query) =>
        [.. (await Stores.Audit.ListAsync(query, Ct)).Items.Select(r => r.Action)];

    private async Task<NewApiKey> CreateKeyAsync(string ownerId, DateTimeOffset? expiresAt = null)
    {
        var generated = ApiKeys.Generate();
        Assert.True(await Stores.Keys.CreateAsync(
            Key(ownerId, ApiKeyScopes.Read) with { Prefix = generated.Prefix, SecretHash = generated.SecretHash, ExpiresAt = expiresAt }, Ct));
        return generated;
    }

    private static User User(string ownerId) => new()
    {
        OwnerId = ownerId,
        DisplayName = char.ToUpperInvariant(ownerId[0]) + ownerId[1..],
        Email = ownerId + "@example.org",
    };

    private static ApiKey Key(string ownerId, ApiKeyScopes scopes)
    {
        var generated = ApiKeys.Generate();
        return new ApiKey { Prefix = generated.Prefix, OwnerId = ownerId, SecretHash = generated.SecretHash, Scopes = scopes };
    }
}

/// <summary>One provider's identity stores over one fresh database, sharing one fake clock.</summary>
public sealed record IdentityStores(FakeTimeProvider Time, IUserStore Users, IApiKeyStore Keys, IAuditLog Audit);
