namespace BriWatch.Storage.WebSub;

internal static class WebSubRules
{
    public static void Validate(WebSubSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.SourceId, "subscription.SourceId");
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.Hub, "subscription.Hub");
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.Topic, "subscription.Topic");
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.Secret, "subscription.Secret");
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.CallbackToken, "subscription.CallbackToken");
        if (subscription.State != WebSubState.Pending)
        {
            throw new ArgumentException($"A new subscription request must be {WebSubState.Pending}, not {subscription.State}.", nameof(subscription));
        }
    }
}
