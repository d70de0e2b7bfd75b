namespace BriWatch.Storage.Digests;

/// <summary>
/// One story development matched by a digest subscription, held until the digest it belongs to goes out: the story's
/// first match, then one more per new development (a changed stage or amount), each keyed by its <see cref="Revision"/>.
/// </summary>
public sealed record DigestItem
{
    public required string SubscriptionId { get; init; }
    public required string StoryId { get; init; }
    /// <summary>Empty for the story's first item; a new development's revision otherwise, derived from its facts.</summary>
    public string Revision { get; init; } = "";
    /// <summary>The story's stage as this item reports it, for comparing the next match with.</summary>
    public string? Stage { get; init; }
    /// <summary>The story's deal amount as this item reports it, for comparing the next match with.</summary>
    public double? AmountUsd { get; init; }
    public required string ArticleId { get; init; }
    /// <summary>The item as the digest shows it (an <c>article.matched</c> body), fixed when matched.</summary>
    public required string Payload { get; init; }
    public DateTimeOffset MatchedAt { get; init; }
    /// <summary>When the digest this item belongs to is due; every item of one digest carries the same instant.</summary>
    public DateTimeOffset DueAt { get; init; }
    /// <summary>The digest that carried the item; null while it waits.</summary>
    public string? DigestId { get; init; }

    /// <summary>The item's key within its subscription, which names it when a digest marks what it carried.</summary>
    public DigestItemKey Key() => new(StoryId, Revision);
}

/// <summary>One digest item of a subscription: its story and revision.</summary>
public sealed record DigestItemKey(string StoryId, string Revision);

/// <summary>A digest with waiting items: a subscription and the instant its digest is due.</summary>
public sealed record DueDigest(string SubscriptionId, DateTimeOffset DueAt);
