using System.Security.Cryptography;
using System.Text;
using BriWatch.Storage.Identity;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Identity;

public sealed class ApiKeysTests
{
    [Fact]
    public void A_generated_key_is_the_prefix_an_underscore_and_a_43_character_base62_secret()
    {
        var key = ApiKeys.Generate();

        Assert.Matches("^bw_[0-9A-Za-z]{10}_[0-9A-Za-z]{43}$", key.Key);
        Assert.Equal(key.Key[..13], key.Prefix);
        Assert.True(ApiKeys.IsPrefix(key.Prefix));
    }

    [Fact]
    public void Only_the_sha256_of_the_secret_is_kept_and_it_does_not_contain_the_secret()
    {
        var key = ApiKeys.Generate();
        var secret = key.Key[14..];

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), key.SecretHash);
        Assert.DoesNotContain(secret, key.SecretHash, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_keys_do_not_repeat()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeys.Generate()).ToList();

        Assert.Equal(1000, keys.Select(k => k.Prefix).Distinct().Count());
        Assert.Equal(1000, keys.Select(k => k.SecretHash).Distinct().Count());
    }

    [Fact]
    public void A_key_parses_back_into_its_prefix_and_secret()
    {
        var key = ApiKeys.Generate();

        Assert.True(ApiKeys.TryParse(key.Key, out var prefix, out var secret));

        Assert.Equal(key.Prefix, prefix);
        Assert.Equal(key.SecretHash, ApiKeys.Hash(secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bw_0123456789")]
    [InlineData("Bearer bw_0123456789_0123456789012345678901234567890123456789012")]
    [InlineData("xx_0123456789_0123456789012345678901234567890123456789012")]
    [InlineData("bw_0123456789-0123456789012345678901234567890123456789012")]
    [InlineData("bw_012345678!_0123456789012345678901234567890123456789012")]
    [InlineData("bw_0123456789_012345678901234567890123456789012345678901=")]
    [InlineData("bw_0123456789_01234567890123456789012345678901234567890123")]
    public void Anything_not_shaped_like_a_key_does_not_parse(string? presented)
    {
        Assert.False(ApiKeys.TryParse(presented, out _, out _));
    }

    [Fact]
    public void Verify_accepts_the_right_secret_of_a_live_key_of_an_enabled_owner()
    {
        var (key, secret) = Stored();

        Assert.Equal(ApiKeyVerdict.Valid, ApiKeys.Verify(key, Owner, secret, T0));
    }

    [Fact]
    public void Verify_refuses_a_wrong_secret_even_of_a_revoked_key_before_saying_it_is_revoked()
    {
        var (key, secret) = Stored();
        var wrong = secret[..^1] + (secret[^1] == 'a' ? 'b' : 'a');

        Assert.Equal(ApiKeyVerdict.WrongSecret, ApiKeys.Verify(key, Owner, wrong, T0));
        Assert.Equal(ApiKeyVerdict.WrongSecret, ApiKeys.Verify(key with { RevokedAt = T0 }, Owner, wrong, T0));
    }

    [Fact]
    public void Verify_refuses_revoked_expired_and_orphaned_keys_and_keys_of_disabled_owners()
    {
        var (key, secret) = Stored();

        Assert.Equal(ApiKeyVerdict.Revoked, ApiKeys.Verify(key with { RevokedAt = T0.AddDays(-1) }, Owner, secret, T0));
        Assert.Equal(ApiKeyVerdict.Expired, ApiKeys.Verify(key with { ExpiresAt = T0 }, Owner, secret, T0));
        Assert.Equal(ApiKeyVerdict.Valid, ApiKeys.Verify(key with { ExpiresAt = T0.AddMilliseconds(1) }, Owner, secret, T0));
        Assert.Equal(ApiKeyVerdict.UnknownOwner, ApiKeys.Verify(key, null, secret, T0));
        Assert.Equal(ApiKeyVerdict.UnknownOwner, ApiKeys.Verify(key, Owner with { OwnerId = "bob" }, secret, T0));
        Assert.Equal(ApiKeyVerdict.OwnerDisabled, ApiKeys.Verify(key, Owner with { Disabled = true }, secret, T0));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("me@example.org", true)]
    [InlineData("team-7.ops_x+1", true)]
    [InlineData("Alice", false)]
    [InlineData(".alice", false)]
    [InlineData("al ice", false)]
    [InlineData("", false)]
    public void Owner_ids_are_slug_like(string ownerId, bool valid)
    {
        Assert.Equal(valid, OwnerIds.IsValid(ownerId));
        Assert.False(OwnerIds.IsValid(new string('a', OwnerIds.MaxLength + 1)));
    }

    [Fact]
    public void Scope_names_round_trip_and_unknown_names_are_named()
    {
        Assert.True(ApiKeyScopeNames.TryParse(["admin", "read", "read"], out var scopes, out _));
        Assert.Equal(ApiKeyScopes.Read | ApiKeyScopes.Admin, scopes);
        Assert.Equal(["read", "admin"], ApiKeyScopeNames.Format(scopes));

        Assert.False(ApiKeyScopeNames.TryParse(["read", "Write"], out _, out var unknown));
        Assert.Equal("Write", unknown);
    }

    private static readonly User Owner = new() { OwnerId = "alice", DisplayName = "Alice" };

    private static (ApiKey Key, string Secret) Stored()
    {
        var generated = ApiKeys.Generate();
        Assert.True(ApiKeys.TryParse(generated.Key, out _, out var secret));
        var key = new ApiKey { Prefix = generated.Prefix, OwnerId = "alice", SecretHash = generated.SecretHash, Scopes = ApiKeyScopes.Read, CreatedAt = T0 };
        return (key, secret!);
    }
}
