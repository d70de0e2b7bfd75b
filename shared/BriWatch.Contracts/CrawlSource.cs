namespace BriWatch.Contracts;

/// <summary>Command: fetch one source now. Sent by the crawler's scheduler, consumed by any crawler replica.</summary>
/// <param name="SourceId">The source to fetch.</param>
/// <param name="DueAt">The scheduled due time this command answers; with <paramref name="SourceId"/> it identifies one poll.</param>
public sealed record CrawlSource(string SourceId, DateTimeOffset DueAt);
