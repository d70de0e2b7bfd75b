namespace BriWatch.Api.Subscriptions;

/// <summary>A stored subscription that live matching leaves out, so there is nothing true to preview.</summary>
internal sealed class UnmatchableSubscriptionException(string subscriptionId, FormatException problem)
    : Exception($"Subscription '{subscriptionId}' is not matched: {problem.Message}", problem);
