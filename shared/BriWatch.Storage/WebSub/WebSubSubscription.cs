namespace BriWatch.Storage.WebSub;

public enum WebSubState
{
    /// <summary>Requested from the hub; the hub has not verified it yet.</summary>
    Pending,

    /// <summary>Verified by the hub: content is pushed until <see cref="WebSubSubscription.LeaseExpiresAt"/>.</summary>
    Active,

    /// <summary>The hub refused it.</summary>
    Denied,
}

/// <summary>The crawler's WebSub subscription for one source (at most one per source).</summary>
/// <param name="CallbackToken">The random path segment of the callback URL; it names the subscription to the hub's requests.</param>
/// <param name="Secret">The hub.secret pushed content is signed with.</param>
/// <param name="RenewAt">When the renewal job should re-subscribe; set for active subscriptions.</param>
/// <param name="LastError">
/// The last thing that went wrong with this subscription (a refused request or renewal, a denial, a push that was rejected or
/// only partly readable), for operators; WebSub failures happen off the poll, so the source's crawl state never sees them.
/// Cleared by a new request, a verification and an accepted push.
/// </param>
public sealed record WebSubSubscription(
    string SourceId,
    string Hub,
    string Topic,
    string Secret,
    string CallbackToken,
    WebSubState State,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset? RenewAt,
    string? DeniedReason,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt,
    string? LastError = null,
    DateTimeOffset? LastErrorAt = null)
{
    /// <summary>True while the hub pushes this source's content, so polling can slow down to a backup poll.</summary>
    public bool IsLive(DateTimeOffset now) => State == WebSubState.Active && LeaseExpiresAt > now;
}
