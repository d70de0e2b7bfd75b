namespace BriWatch.Alerting.Webhooks;

/// <summary>What one webhook attempt means for the delivery.</summary>
public enum WebhookOutcome
{
    Delivered,
    /// <summary>Worth trying again later: 408, 429, 5xx, timeouts, connection errors.</summary>
    Retry,
    /// <summary>Will not succeed by retrying: other 4xx answers, a refused target, a malformed secret.</summary>
    Fail,
    /// <summary>410 Gone: the receiver asked us to stop; the endpoint gets disabled.</summary>
    Gone,
}

/// <param name="Error">Readable reason when not delivered.</param>
/// <param name="RetryAfter">The receiver's Retry-After, when it sent one.</param>
public sealed record WebhookResult(WebhookOutcome Outcome, int? StatusCode, string? Error, TimeSpan? RetryAfter);
