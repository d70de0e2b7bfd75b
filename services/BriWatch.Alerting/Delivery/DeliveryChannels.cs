namespace BriWatch.Alerting.Delivery;

/// <summary>Values of <c>Delivery.Channel</c>.</summary>
public static class DeliveryChannels
{
    public const string Webhook = "webhook";

    public const string Email = "email";
}
