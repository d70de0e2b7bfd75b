namespace BriWatch.Storage.Subscriptions;

/// <summary>What a subscriber wants to hear about and where to send it.</summary>
public sealed record Subscription
{
    public required string Id { get; init; }
    public required string Owner { get; init; }
    public required string Name { get; init; }
    /// <summary>Any of these topics matches; empty means any topic.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];
    /// <summary>Any of these ISO country codes matches; empty means any country.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    public double MinScore { get; init; }
    /// <summary>Only relevant articles unless the subscriber asks for everything.</summary>
    public bool RelevantOnly { get; init; } = true;
    /// <summary>Optional boolean query (alerting's query language), combined with the filters above by AND.</summary>
    public string? Query { get; init; }
    public SubscriptionMode Mode { get; init; } = SubscriptionMode.Instant;
    /// <summary>IANA id of the subscriber's time zone; digest times, quiet hours and the daily cap's day are local to it.</summary>
    public string TimeZone { get; init; } = DefaultTimeZone;
    /// <summary>Local time of day daily and weekly digests go out; hourly digests go at the top of every local hour.</summary>
    public TimeOnly DigestTime { get; init; } = DefaultDigestTime;
    /// <summary>The day weekly digests go out.</summary>
    public DayOfWeek DigestDay { get; init; } = DayOfWeek.Monday;
    /// <summary>Local hours during which instant alerts wait; null for none.</summary>
    public QuietHours? QuietHours { get; init; }
    /// <summary>At most this many instant alerts per local day, at least 1; null for no cap.</summary>
    public int? DailyCap { get; init; }
    public WebhookChannel? Webhook { get; init; }
    public EmailChannel? Email { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>
    /// Why alerting disabled the subscription by itself (e.g. it was left with no usable channel); null when it did not.
    /// An update replaces it like any other field, so re-enabling the subscription clears it.
    /// </summary>
    public string? DisabledReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>
    /// The secret in the subscription's Atom feed URL. Stores generate one on create when it is null; subscriptions stored
    /// before feeds existed keep null until it is regenerated.
    /// </summary>
    public string? FeedToken { get; init; }

    public const string DefaultTimeZone = "UTC";

    public static readonly TimeOnly DefaultDigestTime = new(8, 0);

    /// <summary>A new feed token: 32 URL-safe characters (base64url of 24 random bytes), unguessable and safe in a path.</summary>
    public static string GenerateFeedToken() =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// What stores look a feed token up by: hex SHA-256. An indexed equality lookup of the token itself takes longer the
    /// more leading characters a guess shares with a stored token, which leaks it bit by bit; a guess's hash shares
    /// nothing predictable with the stored hash, so the lookup's timing tells nothing about the token.
    /// </summary>
    public static string HashFeedToken(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}

public enum SubscriptionMode
{
    Instant,
    DigestHourly,
    DigestDaily,
    DigestWeekly,
}

/// <summary>
/// A Standard Webhooks endpoint. <see cref="Secret"/> is <c>whsec_</c> + base64, in clear: stores encrypt it at rest and
/// decrypt it on read (see <see cref="WebhookSecretProtector"/>).
/// </summary>
public sealed record WebhookChannel(string Url, string Secret, string Format = "standard", bool Disabled = false)
{
    public const string SecretPrefix = "whsec_";

    /// <summary>The secret the last rotation replaced, still signed with until <see cref="PreviousSecretExpiresAt"/>; null when none.</summary>
    public string? PreviousSecret { get; init; }

    /// <summary>When <see cref="PreviousSecret"/> stops being valid; null when there is none.</summary>
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    /// <summary>
    /// Why the stored secret could not be decrypted (its Data Protection key is not in the key ring); null when
    /// <see cref="Secret"/> is usable. <see cref="Secret"/> is empty then, and nothing is signed with it.
    /// </summary>
    public string? SecretUnreadable { get; init; }

    /// <summary>The secrets a message sent at <paramref name="now"/> is signed with: the current one, then the previous one during its overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt is { } expires && now < expires ? [Secret, previous] : [Secret];

    /// <summary>What may be shown of a secret after it was first returned: the prefix and its last four characters.</summary>
    public static string Hint(string secret) =>
        secret.Length < SecretPrefix.Length + 8 ? SecretPrefix + "…" : SecretPrefix + "…" + secret[^4..];

    /// <summary>The shortest key accepted, so every stored secret can sign.</summary>
    public const int MinSecretBytes = 16;

    /// <summary>A new signing secret: <c>whsec_</c> + base64 of 24 random bytes, as the Standard Webhooks spec suggests.</summary>
    public static string GenerateSecret() =>
        SecretPrefix + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>True when <paramref name="secret"/> is <c>whsec_</c> followed by base64 of at least 16 bytes.</summary>
    public static bool IsValidSecret(string? secret) => SecretError(secret) is null;

    /// <summary>Null when <paramref name="secret"/> is usable, else why not, in words fit for a 400 answer.</summary>
    public static string? SecretError(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return $"The webhook secret is empty; use {SecretPrefix} followed by base64 of at least {MinSecretBytes} random bytes.";
        }

        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return $"The webhook secret must start with '{SecretPrefix}'.";
        }

        var encoded = secret.AsSpan(SecretPrefix.Length);
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var length))
        {
            return $"The webhook secret after '{SecretPrefix}' is not valid base64.";
        }

        return length < MinSecretBytes
            ? $"The webhook secret decodes to {length} bytes; it must be at least {MinSecretBytes}."
            : null;
    }
}

public sealed record EmailChannel(string Address);
