using BriWatch.Api.Feeds;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Subscriptions;

/// <summary>A subscription as the API shows it: the stored fields, with the feed token shown as the feed's URL path.</summary>
/// <param name="FeedUrl">Path of the subscription's Atom feed; null for a subscription stored before feeds existed until its token is regenerated.</param>
/// <param name="DisabledReason">Why alerting disabled the subscription (e.g. its last channel was unsubscribed); null otherwise.</param>
public sealed record SubscriptionResponse(
    string Id,
    string Owner,
    string Name,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Countries,
    double MinScore,
    bool RelevantOnly,
    string? Query,
    SubscriptionMode Mode,
    WebhookChannel? Webhook,
    EmailChannel? Email,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? FeedUrl,
    string TimeZone,
    string DigestTime,
    string DigestDay,
    QuietHoursRequest? QuietHours,
    int? DailyCap,
    string? DisabledReason)
{
    internal static SubscriptionResponse From(Subscription subscription) => new(
        subscription.Id,
        subscription.Owner,
        subscription.Name,
        subscription.Topics,
        subscription.Countries,
        subscription.MinScore,
        subscription.RelevantOnly,
        subscription.Query,
        subscription.Mode,
        subscription.Webhook,
        subscription.Email,
        subscription.Enabled,
        subscription.CreatedAt,
        subscription.UpdatedAt,
        subscription.FeedToken is null ? null : FeedEndpoints.PathFor(subscription.FeedToken),
        subscription.TimeZone,
        ScheduleRules.Format(subscription.DigestTime),
        subscription.DigestDay.ToString().ToLowerInvariant(),
        subscription.QuietHours is { } quiet ? new QuietHoursRequest(ScheduleRules.Format(quiet.Start), ScheduleRules.Format(quiet.End)) : null,
        subscription.DailyCap,
        subscription.DisabledReason);
}
