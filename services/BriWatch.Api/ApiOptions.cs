using System.ComponentModel.DataAnnotations;
using BriWatch.Api.Security.Limits;

namespace BriWatch.Api;

/// <summary>Bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The shortest poll interval a source may ask for; protects the sites we poll from a typo.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest page of articles one request may ask for.</summary>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>
    /// How long a rotated webhook secret keeps signing alongside the new one, so the receiver can switch without
    /// rejecting a message; zero ends it at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Api:WebhookSecretOverlap must be between 0 and 30 days.")]
    public TimeSpan WebhookSecretOverlap { get; set; } = TimeSpan.FromHours(24);
    public BodyLimitOptions BodyLimits { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public CorsOriginOptions Cors { get; set; } = new();

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For, -Proto and -Host are believed; none by default.</summary>
    public string[] KnownProxies { get; set; } = [];
}
