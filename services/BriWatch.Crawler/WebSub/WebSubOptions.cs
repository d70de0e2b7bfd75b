namespace BriWatch.Crawler.WebSub;

/// <summary>Bound from <c>Crawler:WebSub</c>. WebSub is off while <see cref="CallbackBaseUrl"/> is empty.</summary>
public sealed class WebSubOptions
{
    /// <summary>The public base URL hubs reach this service at, e.g. <c>https://briwatch.example.org</c>; callbacks are <c>{base}/websub/{token}</c>.</summary>
    public string? CallbackBaseUrl { get; set; }

    /// <summary>The lease asked of hubs (hub.lease_seconds); hubs may grant another.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long before the lease ends to renew it (at most half the granted lease).</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(1);

    /// <summary>While a subscription is live the source is still polled this often, in case the hub misses an update.</summary>
    public TimeSpan BackupPollInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long to wait before retrying a subscription that is unverified, denied or whose renewal got no answer.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the renewal job looks for leases to renew.</summary>
    public TimeSpan RenewalCheck { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(CallbackBaseUrl);

    /// <summary>The callback URL for one subscription.</summary>
    public Uri Callback(string token) => new($"{CallbackBaseUrl!.TrimEnd('/')}/websub/{Uri.EscapeDataString(token)}");

    internal string? Error() =>
        Enabled && !(Uri.TryCreate(CallbackBaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            ? $"WebSub:CallbackBaseUrl '{CallbackBaseUrl}' must be an absolute http(s) URL"
        : Lease < TimeSpan.FromMinutes(1) ? "WebSub:Lease must be at least one minute"
        : RenewBefore <= TimeSpan.Zero ? "WebSub:RenewBefore must be positive"
        : BackupPollInterval <= TimeSpan.Zero ? "WebSub:BackupPollInterval must be positive"
        : RetryInterval <= TimeSpan.Zero ? "WebSub:RetryInterval must be positive"
        : RenewalCheck <= TimeSpan.Zero ? "WebSub:RenewalCheck must be positive"
        : null;
}
