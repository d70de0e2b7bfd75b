using System.Net;

namespace BriWatch.Api.Security.Limits;

/// <summary>Request body limits in bytes (<c>Api:BodyLimits</c>): beyond them a request is answered 413 before its body is read.</summary>
public sealed class BodyLimitOptions
{
    /// <summary>Every <c>/api</c> endpoint unless it declares its own (sign-in: 4 KB): subscriptions, sources and keys are a few KB of JSON.</summary>
    public long Api { get; set; } = 64 * 1024;

    /// <summary>Everything outside <c>/api</c> (WebSub pushes, unsubscribe clicks): WebSub pushes carry whole feeds, capped by the crawler at 10 MB.</summary>
    public long Other { get; set; } = 10 * 1024 * 1024;
}

/// <summary>One fixed window: <see cref="PermitLimit"/> requests per <see cref="Window"/>; 0 turns the limit off.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Rate limits (<c>Api:RateLimits</c>), each per partition: per API key, or per client IP for anonymous callers.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Signed-in callers, per API key (a dashboard session counts against the key it was opened with; an OIDC user per owner).</summary>
    public RateLimit Key { get; set; } = new() { PermitLimit = 1200 };

    /// <summary>Anonymous callers per client IP: sign-in, Atom feeds, unsubscribe pages, the dashboard's files, refused keys.</summary>
    public RateLimit Anonymous { get; set; } = new() { PermitLimit = 300 };

    /// <summary>WebSub callbacks per client IP: hubs push every new item as it appears, sometimes in bursts.</summary>
    public RateLimit WebSub { get; set; } = new() { PermitLimit = 1200 };
}

/// <summary>Cross-origin calls (<c>Api:Cors</c>): off unless origins are listed.</summary>
public sealed class CorsOriginOptions
{
    /// <summary>Origins such as <c>https://app.example.org</c> allowed to call the API from a browser, without credentials (bearer keys only).</summary>
    public string[] Origins { get; set; } = [];
}

/// <summary>Checks of the settings above, reported at start-up.</summary>
internal static class EdgeOptionsValidation
{
    public static IEnumerable<string> Problems(ApiOptions options)
    {
        foreach (var (name, value) in new[] { ("Api", options.BodyLimits.Api), ("Other", options.BodyLimits.Other) })
        {
            if (value <= 0)
            {
                yield return $"Api:BodyLimits:{name} must be a positive number of bytes (got {value}).";
            }
        }

        foreach (var (name, limit) in new[] { ("Key", options.RateLimits.Key), ("Anonymous", options.RateLimits.Anonymous), ("WebSub", options.RateLimits.WebSub) })
        {
            if (limit.PermitLimit < 0 || limit.Window <= TimeSpan.Zero)
            {
                yield return $"Api:RateLimits:{name} needs a PermitLimit of 0 (off) or more and a positive Window (got {limit.PermitLimit} per {limit.Window}).";
            }
        }

        foreach (var origin in options.Cors.Origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                yield return $"Api:Cors:Origins: '{origin}' is not an origin such as https://app.example.org (scheme and host, no path).";
            }
        }

        foreach (var proxy in options.KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return $"Api:KnownProxies: '{proxy}' is not an IP address.";
            }
        }
    }
}
