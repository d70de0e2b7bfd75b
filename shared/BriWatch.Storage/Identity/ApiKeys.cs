using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Storage.Identity;

/// <summary>
/// The API key format, its hashing and its verification. A key reads <c>bw_XXXXXXXXXX_SSSS…</c>: the prefix
/// (<c>bw_</c> and 10 random base62 characters) finds the stored key and may be shown anywhere; the 43-character base62
/// secret after the second underscore (256 random bits, as much as 32 random bytes) is shown once, at creation, and
/// stored only as its SHA-256.
/// </summary>
/// <remarks>
/// A slow password hash (PBKDF2, bcrypt, Argon2) exists to make guessing a low-entropy human password expensive after a
/// leak of the hashes. These secrets are 256 random bits: nobody can enumerate them, slow or fast, so a fast hash loses
/// nothing, and it keeps verifying a key on every request cheap instead of handing attackers a CPU amplifier.
/// </remarks>
public static class ApiKeys
{
    public const string Marker = "bw_";
    public const int PrefixRandomLength = 10;
    public const int SecretLength = 43;

    /// <summary>How often at most a key's last-used time is written; finer detail is not worth a write per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly SearchValues<char> Base62Chars = SearchValues.Create(Base62);
    private const int PrefixLength = 3 + PrefixRandomLength;
    private const int KeyLength = PrefixLength + 1 + SecretLength;

    /// <summary>A new random key: the full key (give it to the user, once) and the record fields that may be stored.</summary>
    public static NewApiKey Generate()
    {
        var prefix = Marker + RandomNumberGenerator.GetString(Base62, PrefixRandomLength);
        var secret = RandomNumberGenerator.GetString(Base62, SecretLength);
        return new NewApiKey(prefix + "_" + secret, prefix, Hash(secret));
    }

    /// <summary>Splits a presented key into prefix and secret; false for anything not shaped like a key.</summary>
    public static bool TryParse(string? presented, [NotNullWhen(true)] out string? prefix, [NotNullWhen(true)] out string? secret)
    {
        prefix = null;
        secret = null;
        if (presented is not { Length: KeyLength }
            || !presented.StartsWith(Marker, StringComparison.Ordinal)
            || presented[PrefixLength] != '_'
            || !IsBase62(presented.AsSpan(Marker.Length, PrefixRandomLength))
            || !IsBase62(presented.AsSpan(PrefixLength + 1)))
        {
            return false;
        }

        prefix = presented[..PrefixLength];
        secret = presented[(PrefixLength + 1)..];
        return true;
    }

    /// <summary>True when <paramref name="prefix"/> could be a key's prefix; for commands that name a key by it.</summary>
    public static bool IsPrefix(string? prefix) =>
        prefix is { Length: PrefixLength } && prefix.StartsWith(Marker, StringComparison.Ordinal) && IsBase62(prefix.AsSpan(Marker.Length));

    /// <summary>Lower-case hex SHA-256 of the secret part.</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>
    /// Whether <paramref name="secret"/> unlocks <paramref name="key"/> at <paramref name="now"/> for
    /// <paramref name="owner"/> (the user <see cref="ApiKey.OwnerId"/> names, or null when that user is gone). The hashes
    /// are compared in constant time, so response timing says nothing about how much of a guess was right.
    /// </summary>
    public static ApiKeyVerdict Verify(ApiKey key, User? owner, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(secret);
        var expected = Convert.FromHexString(key.SecretHash);
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return ApiKeyVerdict.WrongSecret;
        }

        // Checked only after the secret, so these answers are given only to someone who holds the key.
        return Standing(key, owner, now);
    }

    /// <summary>
    /// Whether a key whose secret was already proven (at sign-in, for a session) still works: not revoked, not expired,
    /// its owner present and enabled.
    /// </summary>
    public static ApiKeyVerdict Standing(ApiKey key, User? owner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.RevokedAt is not null)
        {
            return ApiKeyVerdict.Revoked;
        }

        if (key.ExpiresAt <= now)
        {
            return ApiKeyVerdict.Expired;
        }

        if (owner is null || owner.OwnerId != key.OwnerId)
        {
            return ApiKeyVerdict.UnknownOwner;
        }

        return owner.Disabled ? ApiKeyVerdict.OwnerDisabled : ApiKeyVerdict.Valid;
    }

    private static bool IsBase62(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExcept(Base62Chars);
}

/// <param name="Key">The whole key, to show once and never store.</param>
/// <param name="Prefix">The part that finds the stored key.</param>
/// <param name="SecretHash">What is stored instead of the secret.</param>
public sealed record NewApiKey(string Key, string Prefix, string SecretHash)
{
    /// <summary>Keeps the key out of logs and exception messages that print this record.</summary>
    public override string ToString() => $"NewApiKey {{ Prefix = {Prefix} }}";
}

/// <summary>The outcome of checking a presented key; anything but <see cref="Valid"/> is a refusal.</summary>
public enum ApiKeyVerdict
{
    Valid,
    /// <summary>Not shaped like a BriWatch key.</summary>
    Malformed,
    /// <summary>No key has this prefix.</summary>
    UnknownPrefix,
    WrongSecret,
    Revoked,
    Expired,
    /// <summary>The key's owner no longer exists.</summary>
    UnknownOwner,
    OwnerDisabled,
}
