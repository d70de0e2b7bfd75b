namespace BriWatch.Alerting.Alerts;

/// <summary>Bound from the <c>Alerting</c> configuration section.</summary>
public sealed class AlertingOptions
{
    public const string Section = "Alerting";

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the per-subscription digest triggers are reconciled with the stored subscriptions (besides at start-up):
    /// a digest subscription created, rescheduled, disabled or deleted through the API takes effect within this time.
    /// </summary>
    public TimeSpan DigestTriggerSyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Allows webhook targets on private, loopback and link-local networks (tests, demo, intranets).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one webhook attempt may take before it counts as failed and is retried.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a claimed delivery stays invisible to other dispatchers; a dispatcher that dies mid-send
    /// leaves the delivery to be retried after this. Must exceed <see cref="WebhookTimeout"/> and the SMTP timeout.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long matching reuses its index of subscriptions before reading them again. Zero (the default) reads
    /// them for every article, so a new subscription matches the very next article; large deployments set a few
    /// seconds, and a new or changed subscription then takes effect within that time.
    /// </summary>
    public TimeSpan SubscriptionRefreshInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Send a <c>webhook.test</c> event to each newly added or changed webhook endpoint.</summary>
    public bool SendEndpointTestEvents { get; set; } = true;

    /// <summary>How many due deliveries one claim takes.</summary>
    public int DispatchBatchSize { get; set; } = 50;

    /// <summary>How many deliveries of one batch are sent at once.</summary>
    public int MaxParallelSends { get; set; } = 8;

    /// <summary>The SMTP server email alerts go through.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// Where subscribers reach this service, e.g. <c>https://briwatch.example.org</c>; the base of the unsubscribe
    /// links in every email, so it is required once <c>Smtp:Host</c> is set.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The HMAC key that signs unsubscribe links, at least 32 characters; required once <c>Smtp:Host</c> is set (there is
    /// no default key). Without email no link is ever signed, and an unset key is a random one per process.
    /// </summary>
    public string? UnsubscribeSigningKey { get; set; }

    /// <summary>How far back <c>/health/ready</c> counts deliveries that went dead.</summary>
    public TimeSpan DeadDeliveryWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>/health/ready</c> reports alerting Degraded (still HTTP 200) when more deliveries than this went dead within the window.</summary>
    public int DeadDeliveryThreshold { get; set; }

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DispatchInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:DispatchInterval must be positive (got {DispatchInterval}).");
        }

        if (DigestTriggerSyncInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:DigestTriggerSyncInterval must be positive (got {DigestTriggerSyncInterval}).");
        }

        if (WebhookTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:WebhookTimeout must be positive (got {WebhookTimeout}).");
        }

        if (ClaimLease <= WebhookTimeout)
        {
            errors.Add($"{Section}:ClaimLease ({ClaimLease}) must exceed {Section}:WebhookTimeout ({WebhookTimeout}), or a slow send could be claimed twice.");
        }

        if (SubscriptionRefreshInterval < TimeSpan.Zero)
        {
            errors.Add($"{Section}:SubscriptionRefreshInterval must not be negative (got {SubscriptionRefreshInterval}).");
        }

        if (DeadDeliveryWindow <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:DeadDeliveryWindow must be positive (got {DeadDeliveryWindow}).");
        }

        if (DeadDeliveryThreshold < 0)
        {
            errors.Add($"{Section}:DeadDeliveryThreshold must not be negative (got {DeadDeliveryThreshold}).");
        }

        if (DispatchBatchSize < 1)
        {
            errors.Add($"{Section}:DispatchBatchSize must be at least 1 (got {DispatchBatchSize}).");
        }

        if (MaxParallelSends < 1)
        {
            errors.Add($"{Section}:MaxParallelSends must be at least 1 (got {MaxParallelSends}).");
        }

        errors.AddRange(Smtp.Validate($"{Section}:Smtp"));
        if (Smtp.Enabled && ClaimLease <= Smtp.Timeout)
        {
            errors.Add($"{Section}:ClaimLease ({ClaimLease}) must exceed {Section}:Smtp:Timeout ({Smtp.Timeout}), or a slow send could be claimed twice.");
        }

        if (PublicBaseUrl is not null
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add($"{Section}:PublicBaseUrl must be an absolute http(s) URL (got '{PublicBaseUrl}').");
        }
        else if (Smtp.Enabled && string.IsNullOrWhiteSpace(PublicBaseUrl))
        {
            errors.Add($"{Section}:PublicBaseUrl is required when {Section}:Smtp:Host is set: every email carries an unsubscribe link under it.");
        }

        if (UnsubscribeSigningKey is not null && UnsubscribeSigningKey.Length < 32)
        {
            errors.Add($"{Section}:UnsubscribeSigningKey must be at least 32 characters (got {UnsubscribeSigningKey.Length}).");
        }
        else if (Smtp.Enabled && string.IsNullOrEmpty(UnsubscribeSigningKey))
        {
            errors.Add($"{Section}:UnsubscribeSigningKey is required when {Section}:Smtp:Host is set: every email's unsubscribe link is signed with it, "
                + "so it must be the same on every replica and across restarts. Generate one with `openssl rand -base64 48`.");
        }

        return errors;
    }
}
