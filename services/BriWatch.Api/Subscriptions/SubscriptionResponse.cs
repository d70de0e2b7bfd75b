using System.Text.Json.Serialization;
using BriWatch.Api.Feeds;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Subscriptions;

/// <summary>
/// A subscription as the API shows it: the stored fields, with the feed token shown as the feed's URL path and the
/// webhook's signing secret only in the answer that created it (a hint otherwise).
/// </summary>
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
    WebhookResponse? Webhook,
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
    /// <param name="revealedSecret">
    /// True only for the answer to the request that made the webhook's secret (a create, or an update that added the
    /// webhook without a secret): the one time it is shown.
    /// </param>
    internal static SubscriptionResponse From(Subscription subscription, bool revealedSecret = false) => new(
        subscription.Id,
        subscription.Owner,
        subscription.Name,
        subscription.Topics,
        subscription.Countries,
        subscription.MinScore,
        subscription.RelevantOnly,
        subscription.Query,
        subscription.Mode,
        subscription.Webhook is { } webhook ? WebhookResponse.From(webhook, revealedSecret) : null,
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

/// <summary>A webhook endpoint as the API shows it: never its secret after the answer that created it.</summary>
/// <param name="Secret">The signing secret, in the one answer that created it; left out of every other.</param>
/// <param name="SecretHint"><c>whsec_…</c> and the secret's last four characters, to tell which secret a receiver holds.</param>
/// <param name="PreviousSecretExpiresAt">While a rotated secret still signs alongside the current one: until when.</param>
/// <param name="SecretUnreadable">Why the stored secret cannot be decrypted (rotate it); null normally.</param>
public sealed record WebhookResponse(
    string Url,
    string Format,
    bool Disabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    string SecretHint,
    DateTimeOffset? PreviousSecretExpiresAt,
    string? SecretUnreadable)
{
    internal static WebhookResponse From(WebhookChannel webhook, bool revealSecret) => new(
        webhook.Url,
        webhook.Format,
        webhook.Disabled,
        revealSecret ? webhook.Secret : null,
        WebhookChannel.Hint(webhook.Secret),
        webhook.PreviousSecret is null ? null : webhook.PreviousSecretExpiresAt,
        webhook.SecretUnreadable);
}

/// <summary>The answer to a rotation: the new secret, shown this once, and when the previous one stops signing.</summary>
public sealed record WebhookSecretRotation(string Secret, string SecretHint, DateTimeOffset? PreviousSecretExpiresAt);
