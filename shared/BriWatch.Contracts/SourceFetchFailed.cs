namespace BriWatch.Contracts;

/// <summary>Event: a source could not be fetched or parsed; the error is also recorded on the source.</summary>
public sealed record SourceFetchFailed(
    string SourceId,
    string Error,
    int ConsecutiveFailures,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset FailedAt);
