namespace BriWatch.Contracts;

/// <summary>Event: the crawler found an item it had not seen before (crawler → classifier).</summary>
/// <param name="ArticleId">Stable id derived from the item's canonical URL (or guid, or content hash).</param>
/// <param name="SourceId">The source the item was first found in.</param>
/// <param name="CanonicalUrl">The item's canonical URL (tracking parameters and fragments removed).</param>
/// <param name="Title">Plain-text title.</param>
/// <param name="Text">Plain-text body: extracted article text, else the feed summary.</param>
/// <param name="Published">When the source says the item was published, if it says.</param>
/// <param name="LanguageHint">The language the source or item declares (BCP 47), if any.</param>
/// <param name="DiscoveredAt">When the crawler first saw the item.</param>
public sealed record ArticleDiscovered(
    string ArticleId,
    string SourceId,
    string CanonicalUrl,
    string Title,
    string Text,
    DateTimeOffset? Published,
    string? LanguageHint,
    DateTimeOffset DiscoveredAt);
