using BriWatch.Storage.Deliveries;

namespace BriWatch.Storage.Validation;

internal static class DeliveryRules
{
    public static void Validate(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        foreach (var (value, field) in new[]
                 {
                     (delivery.Id, "Id"), (delivery.SubscriptionId, "SubscriptionId"), (delivery.StoryId, "StoryId"),
                     (delivery.ArticleId, "ArticleId"), (delivery.Channel, "Channel"), (delivery.Target, "Target"),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"Delivery {field} is required.", nameof(delivery));
            }
        }

        ArgumentNullException.ThrowIfNull(delivery.Payload);
        ArgumentNullException.ThrowIfNull(delivery.Revision);
        ValidateState(delivery.State, nameof(delivery));
        if (!Enum.IsDefined(delivery.Kind))
        {
            throw new ArgumentException($"Delivery kind {(int)delivery.Kind} is not defined.", nameof(delivery));
        }
    }

    public static void Validate(DeliveryAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentException.ThrowIfNullOrWhiteSpace(attempt.DeliveryId, nameof(attempt));
        ValidateState(attempt.State, nameof(attempt));
        ArgumentOutOfRangeException.ThrowIfNegative(attempt.Attempts, nameof(attempt));
    }

    public static void ValidateLimit(int limit) => ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

    public static KeyNotFoundException Missing(string id) => new($"Delivery '{id}' does not exist.");

    private static void ValidateState(DeliveryState state, string parameter)
    {
        if (!Enum.IsDefined(state))
        {
            throw new ArgumentException($"Delivery state {(int)state} is not defined.", parameter);
        }
    }
}
