namespace BriWatch.Alerting.Alerts;

/// <summary>Values of <c>Delivery.Channel</c>.</summary>
public static class DeliveryChannels
{
    public const string Webhook = "webhook";

    public const string Email = "email";

    /// <summary>The target of a match recorded for a subscription that has no channel left to send it to.</summary>
    public const string NoTarget = "(no channel)";

    /// <summary>
    /// The error of a match recorded for a disabled subscription instead of being sent: why it is disabled (the reason
    /// alerting recorded, e.g. a 410 Gone with its time, or that its owner paused it) and how to get the alert.
    /// </summary>
    public static string DisabledSubscriptionReason(BriWatch.Storage.Subscriptions.Subscription subscription) =>
        subscription.DisabledReason is { } reason
            ? $"Not sent: subscription {subscription.Id} is disabled. {reason} Replay this delivery once it is fixed and re-enabled."
            : $"Not sent: subscription {subscription.Id} is paused (disabled by its owner). Replay this delivery once it is re-enabled.";

    /// <summary>Why a subscription with no usable channel (no email, and no webhook or one disabled after a 410) is disabled.</summary>
    public static string NoUsableChannelReason(BriWatch.Storage.Subscriptions.Subscription subscription) =>
        subscription.Webhook is { Disabled: true } webhook
            ? $"It has no usable channel: its webhook endpoint {webhook.Url} is disabled (it answered 410 Gone) and it has no email address. Re-enable the endpoint or add an address, re-enable the subscription, then replay its failed deliveries."
            : "It has no usable channel: no webhook and no email address. Add one and re-enable the subscription.";
}
