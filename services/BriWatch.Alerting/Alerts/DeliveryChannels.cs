namespace BriWatch.Alerting.Alerts;

/// <summary>Values of <c>Delivery.Channel</c>.</summary>
public static class DeliveryChannels
{
    public const string Webhook = "webhook";

    public const string Email = "email";

    /// <summary>Why a subscription with no usable channel (no email, and no webhook or one disabled after a 410) is disabled.</summary>
    public static string NoUsableChannelReason(BriWatch.Storage.Subscriptions.Subscription subscription) =>
        subscription.Webhook is { Disabled: true } webhook
            ? $"It has no usable channel: its webhook endpoint {webhook.Url} is disabled (it answered 410 Gone) and it has no email address. Re-enable the endpoint or add an address, re-enable the subscription, then replay its failed deliveries."
            : "It has no usable channel: no webhook and no email address. Add one and re-enable the subscription.";
}
