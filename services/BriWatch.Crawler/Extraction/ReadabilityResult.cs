namespace BriWatch.Crawler.Extraction;

/// <summary>What SmartReader found: the main text and the metadata it inferred.</summary>
internal sealed record ReadabilityResult(string? Title, string Text, string? Byline, string? Language, DateTimeOffset? Published);
