namespace BriWatch.Storage.Digests;

/// <summary>One story matched by a digest subscription, held until the digest it belongs to goes out.</summary>
public sealed record DigestItem
{
    public required string SubscriptionId { get; init; }
    public required string StoryId { get; init; }
    public required string ArticleId { get; init; }
    /// <summary>The item as the digest shows it (an <c>article.matched</c> body), fixed when matched.</summary>
    public required string Payload { get; init; }
    public DateTimeOffset MatchedAt { get; init; }
    /// <summary>When the digest this item belongs to is due; every item of one digest carries the same instant.</summary>
    public DateTimeOffset DueAt { get; init; }
    /// <summary>The digest that carried the item; null while it waits.</summary>
    public string? DigestId { get; init; }
}

/// <summary>A digest with waiting items: a subscription and the instant its digest is due.</summary>
public sealed record DueDigest(string SubscriptionId, DateTimeOffset DueAt);
