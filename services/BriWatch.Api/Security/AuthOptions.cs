namespace BriWatch.Api.Security;

/// <summary>Bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>How long a dashboard session lasts without use (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>OpenID Connect bearer tokens, accepted besides API keys when <see cref="OidcOptions.Authority"/> is set.</summary>
    public OidcOptions Oidc { get; set; } = new();

    internal string? Problem() =>
        SessionLifetime <= TimeSpan.Zero ? "Auth:SessionLifetime must be positive"
        : Oidc.Authority is null ? null
        : !Uri.TryCreate(Oidc.Authority, UriKind.Absolute, out _) ? "Auth:Oidc:Authority must be an absolute URL"
        : string.IsNullOrWhiteSpace(Oidc.Audience) ? "Auth:Oidc:Audience is required when Auth:Oidc:Authority is set"
        : string.IsNullOrWhiteSpace(Oidc.OwnerClaim) ? "Auth:Oidc:OwnerClaim must name a claim"
        : null;
}

public sealed class OidcOptions
{
    /// <summary>The provider's issuer URL; null (the default) turns OIDC off.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>The token claim whose value is a BriWatch user's owner id; tokens of unknown or disabled users are refused.</summary>
    public string OwnerClaim { get; set; } = "email";

    /// <summary>Off only for a provider on loopback in development.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => Authority is not null;
}
