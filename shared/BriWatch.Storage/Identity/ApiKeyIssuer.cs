using BriWatch.Storage.Audit;

namespace BriWatch.Storage.Identity;

/// <summary>
/// Issues and revokes API keys with the same rules wherever a key is made: the <c>briwatch api-key</c> command line and
/// the API. It checks the owner, the scopes (within the owner's role and the caller's own scopes) and the expiry, stores
/// the key's hash, and records every change in the audit log.
/// </summary>
public sealed class ApiKeyIssuer(IApiKeyStore keys, IUserStore users, IAuditLog audit, TimeProvider time)
{
    public const string TargetType = "api_key";

    /// <summary>What a key of an owner with this role gets when no scopes are asked for.</summary>
    public static ApiKeyScopes DefaultScopes(UserRole role) => role == UserRole.Admin
        ? ApiKeyScopes.Read | ApiKeyScopes.Subscriptions | ApiKeyScopes.Admin
        : ApiKeyScopes.Read | ApiKeyScopes.Subscriptions;

    public async Task<ApiKeyIssue> IssueAsync(ApiKeyIssueRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OwnerIds.IsValid(request.OwnerId))
        {
            return ApiKeyIssue.Refused(ApiKeyIssueError.InvalidOwner, $"'{request.OwnerId}' is not a valid owner id: use {OwnerIds.Rule}");
        }

        if (request.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return ApiKeyIssue.Refused(ApiKeyIssueError.ExpiryNotInFuture, "the expiry must lie in the future");
        }

        var existing = await users.GetAsync(request.OwnerId, cancellationToken);
        if (existing is null && request.NewOwnerRole is null)
        {
            return ApiKeyIssue.Refused(ApiKeyIssueError.UnknownOwner, $"no user has the owner id '{request.OwnerId}'");
        }

        if (existing is { Role: UserRole.Subscriber } && request.NewOwnerRole == UserRole.Admin)
        {
            return ApiKeyIssue.Refused(ApiKeyIssueError.OwnerIsSubscriber, $"owner '{request.OwnerId}' exists as a subscriber");
        }

        if (existing is { Disabled: true })
        {
            return ApiKeyIssue.Refused(ApiKeyIssueError.OwnerDisabled, $"owner '{request.OwnerId}' is disabled, so a key of theirs would not work");
        }

        var role = existing?.Role ?? request.NewOwnerRole!.Value;
        var scopes = request.Scopes;
        if (scopes == ApiKeyScopes.None)
        {
            // The default never exceeds what the caller holds: a read-only key makes read-only keys.
            scopes = DefaultScopes(role) & (request.CallerScopes ?? DefaultScopes(role));
        }

        // Checked before the owner's role: asking for more than one holds is refused whoever the key is for.
        if (request.CallerScopes is { } held && (scopes & ~held) != ApiKeyScopes.None)
        {
            return ApiKeyIssue.Refused(
                ApiKeyIssueError.BeyondCallerScopes,
                $"a key cannot get scopes the caller's own key does not have ({string.Join(", ", ApiKeyScopeNames.Format(scopes & ~held))})");
        }

        if (scopes.HasFlag(ApiKeyScopes.Admin) && role != UserRole.Admin)
        {
            return ApiKeyIssue.Refused(ApiKeyIssueError.AdminScopeNeedsAdmin, $"the admin scope needs an admin owner, and '{request.OwnerId}' is a subscriber");
        }

        if (scopes == ApiKeyScopes.None)
        {
            return ApiKeyIssue.Refused(ApiKeyIssueError.NoScopes, "the key would have no scopes");
        }

        var user = existing ?? await CreateOwnerAsync(request.Actor, request.OwnerId, role, cancellationToken);
        var generated = ApiKeys.Generate();
        var key = new ApiKey { Prefix = generated.Prefix, OwnerId = user.OwnerId, SecretHash = generated.SecretHash, Scopes = scopes, ExpiresAt = request.ExpiresAt };
        if (!await keys.CreateAsync(key, cancellationToken))
        {
            // 62^10 prefixes make this practically impossible; say so rather than hand out a key that was not stored.
            return ApiKeyIssue.Refused(ApiKeyIssueError.PrefixTaken, $"the generated prefix {generated.Prefix} is already taken; try again");
        }

        var stored = await keys.GetAsync(generated.Prefix, cancellationToken) ?? key;
        await audit.RecordAsync(new AuditEntry(request.Actor, "key.created", TargetType, stored.Prefix, After: Snapshot(stored)), cancellationToken);
        return new ApiKeyIssue(null, null, generated, stored);
    }

    /// <summary>
    /// Revokes the key for good and records it; a key already revoked is left as it is and not recorded again.
    /// Null when no key has this prefix.
    /// </summary>
    public async Task<ApiKeyRevocation?> RevokeAsync(string actor, string prefix, CancellationToken cancellationToken)
    {
        var before = await keys.GetAsync(prefix, cancellationToken);
        if (before is null)
        {
            return null;
        }

        if (before.RevokedAt is not null)
        {
            return new ApiKeyRevocation(before, before, AlreadyRevoked: true);
        }

        await keys.RevokeAsync(prefix, cancellationToken);
        var after = await keys.GetAsync(prefix, cancellationToken) ?? before;
        await audit.RecordAsync(new AuditEntry(actor, "key.revoked", TargetType, prefix, Snapshot(before), Snapshot(after)), cancellationToken);
        return new ApiKeyRevocation(before, after, AlreadyRevoked: false);
    }

    /// <summary>The key as the audit log keeps it: everything but the hash, which the snapshot would drop anyway.</summary>
    public static string? Snapshot(ApiKey? key) => key is null
        ? null
        : AuditSnapshot.Of(new
        {
            key.Prefix,
            key.OwnerId,
            Scopes = ApiKeyScopeNames.Format(key.Scopes),
            key.CreatedAt,
            key.ExpiresAt,
            key.LastUsedAt,
            key.RevokedAt,
        });

    private async Task<User> CreateOwnerAsync(string actor, string ownerId, UserRole role, CancellationToken cancellationToken)
    {
        // Lost to a concurrent create, the owner exists all the same; only the creator records it.
        if (await users.CreateAsync(new User { OwnerId = ownerId, DisplayName = ownerId, Role = role }, cancellationToken))
        {
            var created = await users.GetAsync(ownerId, cancellationToken);
            await audit.RecordAsync(new AuditEntry(actor, "user.created", "user", ownerId, After: AuditSnapshot.Of(created)), cancellationToken);
            return created!;
        }

        return (await users.GetAsync(ownerId, cancellationToken))!;
    }
}

public sealed record ApiKeyIssueRequest
{
    /// <summary>Who asks, as the audit log names them: an owner id, or <see cref="AuditActors.Cli"/>.</summary>
    public required string Actor { get; init; }

    public required string OwnerId { get; init; }

    /// <summary><see cref="ApiKeyScopes.None"/> for the default of the owner's role, cut to <see cref="CallerScopes"/>.</summary>
    public ApiKeyScopes Scopes { get; init; }

    /// <summary>Null for never; otherwise it must lie in the future.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// When the owner does not exist yet: null refuses (the API manages users separately); a role creates them with it
    /// (the command line's first admin). For an existing subscriber, <see cref="UserRole.Admin"/> is refused rather than
    /// quietly ignored.
    /// </summary>
    public UserRole? NewOwnerRole { get; init; }

    /// <summary>The scopes the caller's own key holds; the new key may have no others. Null for the command line.</summary>
    public ApiKeyScopes? CallerScopes { get; init; }
}

/// <param name="Error">Null when the key was issued.</param>
/// <param name="Message">Why not, in words without option or field names (each front end names its own).</param>
/// <param name="Key">The whole key, to show once; only when issued.</param>
/// <param name="Stored">The stored record; only when issued.</param>
public sealed record ApiKeyIssue(ApiKeyIssueError? Error, string? Message, NewApiKey? Key, ApiKey? Stored)
{
    internal static ApiKeyIssue Refused(ApiKeyIssueError error, string message) => new(error, message, null, null);
}

public enum ApiKeyIssueError
{
    InvalidOwner,
    UnknownOwner,
    /// <summary>An admin owner was asked for, and the owner exists as a subscriber.</summary>
    OwnerIsSubscriber,
    OwnerDisabled,
    ExpiryNotInFuture,
    /// <summary>The key would get a scope the caller's own key does not have.</summary>
    BeyondCallerScopes,
    /// <summary>The <c>admin</c> scope for a subscriber.</summary>
    AdminScopeNeedsAdmin,
    NoScopes,
    PrefixTaken,
}

/// <param name="AlreadyRevoked">True when the key was revoked before (and nothing changed).</param>
public sealed record ApiKeyRevocation(ApiKey Before, ApiKey After, bool AlreadyRevoked);
