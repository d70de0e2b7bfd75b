using System.Text.Json.Serialization;

namespace BriWatch.Storage.Deliveries;

/// <summary>One alert for one (subscription, story, revision) on one channel, with its attempt history.</summary>
public sealed record Delivery
{
    public required string Id { get; init; }
    /// <summary>What the delivery carries; readers tell alerts, digests and endpoint tests apart by it, never by ids.</summary>
    public DeliveryKind Kind { get; init; } = DeliveryKind.Alert;
    public required string SubscriptionId { get; init; }
    public required string StoryId { get; init; }
    /// <summary>Empty for a story's first alert; a new development's key (derived from its stage and amount) otherwise.</summary>
    public string Revision { get; init; } = "";
    /// <summary>The story's stage this alert reported, so a later change is recognised as a new development.</summary>
    public string? Stage { get; init; }
    /// <summary>The story's deal amount (US dollars) this alert reported.</summary>
    public double? AmountUsd { get; init; }
    public required string ArticleId { get; init; }
    /// <summary><c>webhook</c> or <c>email</c>.</summary>
    public required string Channel { get; init; }
    /// <summary>The URL or address the alert goes to.</summary>
    public required string Target { get; init; }
    /// <summary>The exact body sent on every attempt, so retries are byte-identical.</summary>
    public required string Payload { get; init; }
    public DeliveryState State { get; init; } = DeliveryState.Pending;
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    /// <summary>W3C traceparent of the classification that caused the alert, so dispatch joins its trace.</summary>
    public string? TraceParent { get; init; }
    /// <summary>
    /// Set afresh by every claim and required when that claim's attempt is recorded, so the result of an attempt whose
    /// lease expired (or that a replay overtook) cannot overwrite newer state. Internal bookkeeping, so not shown by the API.
    /// </summary>
    [JsonIgnore]
    public string? ClaimToken { get; init; }
}

public enum DeliveryKind
{
    /// <summary>One story (development) matched by one subscription; its article and story ids are the match's.</summary>
    Alert,
    /// <summary>
    /// A digest, which carries many articles: readers such as the Atom feed take them from the payload's <c>items</c>
    /// (each with its <c>articleId</c> and <c>storyId</c>).
    /// </summary>
    Digest,
    /// <summary>The test event sent to a new webhook endpoint; no match, so readers such as the Atom feed skip it.</summary>
    EndpointTest,
}

public enum DeliveryState
{
    Pending,
    Delivered,
    /// <summary>Failed permanently (e.g. a 4xx answer or a disabled endpoint).</summary>
    Failed,
    /// <summary>Every scheduled attempt failed.</summary>
    Dead,
}
