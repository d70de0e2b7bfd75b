namespace BriWatch.Contracts;

/// <summary>Event: an alert reached a subscriber's channel.</summary>
public sealed record AlertDelivered(
    string DeliveryId,
    string SubscriptionId,
    string ArticleId,
    string StoryId,
    string Channel,
    int Attempts,
    DateTimeOffset DeliveredAt);
