namespace BriWatch.Storage.Identity;

/// <summary>
/// Turns a presented key into its user and key, the one call an authentication handler needs: parse, find by prefix,
/// verify, and record the use (at most once per <see cref="ApiKeys.LastUsedResolution"/>). The handler then makes its
/// principal with <see cref="IdentityClaims.CreatePrincipal"/>.
/// </summary>
public sealed class ApiKeyAuthenticator(IApiKeyStore keys, IUserStore users, TimeProvider time)
{
    public async Task<ApiKeyAuthentication> AuthenticateAsync(string? presented, CancellationToken cancellationToken)
    {
        if (!ApiKeys.TryParse(presented, out var prefix, out var secret))
        {
            return ApiKeyAuthentication.Refused(ApiKeyVerdict.Malformed);
        }

        // The prefix is not secret, so answering an unknown one faster than a wrong secret gives nothing away.
        var key = await keys.GetAsync(prefix, cancellationToken);
        if (key is null)
        {
            return ApiKeyAuthentication.Refused(ApiKeyVerdict.UnknownPrefix);
        }

        var owner = await users.GetAsync(key.OwnerId, cancellationToken);
        var now = time.GetUtcNow();
        var verdict = ApiKeys.Verify(key, owner, secret, now);
        if (verdict != ApiKeyVerdict.Valid)
        {
            return ApiKeyAuthentication.Refused(verdict);
        }

        // Checked here first, so a busy key costs no write at all between recordings; the store guards races between replicas.
        if (key.LastUsedAt is not { } lastUsed || now - lastUsed >= ApiKeys.LastUsedResolution)
        {
            await keys.RecordUseAsync(key.Prefix, cancellationToken);
        }

        return new ApiKeyAuthentication(ApiKeyVerdict.Valid, owner, key);
    }
}

/// <summary>A verdict, and for a valid key its owner and stored record.</summary>
public sealed record ApiKeyAuthentication(ApiKeyVerdict Verdict, User? User, ApiKey? Key)
{
    public bool Succeeded => Verdict == ApiKeyVerdict.Valid;

    internal static ApiKeyAuthentication Refused(ApiKeyVerdict verdict) => new(verdict, null, null);
}
