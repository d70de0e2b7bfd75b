namespace BriWatch.Contracts;

/// <summary>Event: a source has been silent for longer than twice its expected period and is now flagged stale.</summary>
/// <param name="SourceId">The stale source.</param>
/// <param name="LastNewItemAt">When its newest item was first seen; null when it never yielded one.</param>
/// <param name="ExpectedPeriod">How often the source is expected to post; stale means silent for more than twice this.</param>
/// <param name="MarkedAt">When the crawler flagged it.</param>
public sealed record SourceStale(
    string SourceId,
    DateTimeOffset? LastNewItemAt,
    TimeSpan ExpectedPeriod,
    DateTimeOffset MarkedAt);
