namespace BriWatch.Alerting.Alerts;

/// <summary>What one send attempt, on any channel, means for the delivery.</summary>
public enum SendOutcome
{
    Delivered,
    /// <summary>Worth trying again later: 408, 429, 5xx, SMTP 4xx replies, timeouts, connection errors.</summary>
    Retry,
    /// <summary>Will not succeed by retrying: other 4xx answers, SMTP 5xx replies, a refused target, a malformed secret or address.</summary>
    Fail,
    /// <summary>410 Gone: the receiver asked us to stop; the endpoint gets disabled.</summary>
    Gone,
}

/// <param name="StatusCode">The HTTP status or SMTP reply code, when the server answered.</param>
/// <param name="Error">Readable reason when not delivered.</param>
/// <param name="RetryAfter">The receiver's Retry-After, when it sent one.</param>
public sealed record SendResult(SendOutcome Outcome, int? StatusCode, string? Error, TimeSpan? RetryAfter);
