using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Fetching;

namespace BriWatch.Crawler.Consumers;

/// <summary>What one poll read from a source.</summary>
/// <param name="Feed">The items to announce; for a sitemap index, those of every child sitemap read.</param>
/// <param name="Document">The fetch of the source's own URL; it keeps its validators only when it carries the items itself.</param>
/// <param name="DiscoveredFeed">The feed an HTML page advertised, when the items came from it.</param>
/// <param name="Warnings">What the poll had to work around, each readable on its own; empty when everything read cleanly.</param>
public sealed record SourceRead(ParsedFeed Feed, FetchedDocument Document, FetchedDocument? DiscoveredFeed, IReadOnlyList<string> Warnings)
{
    // One broken child after another must not turn the recorded warning into a wall of text.
    private const int ShownWarnings = 3;

    /// <summary>The warnings as the one line recorded on the source; null when there are none.</summary>
    public string? Warning => Join(Warnings);

    /// <summary>Warnings as the one line recorded on the source; null when there are none.</summary>
    public static string? Join(IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        return warnings.Count == 0 ? null
            : warnings.Count <= ShownWarnings ? string.Join(" | ", warnings)
            : $"{string.Join(" | ", warnings.Take(ShownWarnings))} | and {warnings.Count - ShownWarnings} more";
    }
}
