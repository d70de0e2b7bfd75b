using System.Diagnostics;
using BriWatch.Alerting.Email;
using BriWatch.Alerting.Scheduling;
using BriWatch.Alerting.Webhooks;
using BriWatch.Contracts;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Options;
using StoredDelivery = BriWatch.Storage.Deliveries.Delivery;

namespace BriWatch.Alerting.Delivery;

/// <summary>
/// Sends due deliveries and records each attempt. All state lives in the store (claimed with a lease), so
/// any number of dispatchers can run and a restarted one resumes the retry schedule where it stood.
/// </summary>
public sealed class DeliveryDispatcher(
    IDeliveryStore deliveries,
    ISubscriptionStore subscriptions,
    WebhookSender webhooks,
    SmtpEmailSender emails,
    RetrySchedule schedule,
    AlertHolds holds,
    IPublishEndpoint publish,
    TimeProvider time,
    IOptions<AlertingOptions> options,
    ILogger<DeliveryDispatcher> logger)
{
    /// <summary>Claims and sends every delivery due now, except those held by quiet hours or the daily cap; returns how many attempts were made.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var total = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var batch = await deliveries.ClaimDueAsync(now, settings.ClaimLease, settings.DispatchBatchSize, cancellationToken);
            var released = await holds.ReleaseAsync(batch, now, cancellationToken);
            await Parallel.ForEachAsync(
                released,
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelSends, CancellationToken = cancellationToken },
                async (delivery, token) => await DispatchOneAsync(delivery, token));
            total += released.Count;
            if (batch.Count < settings.DispatchBatchSize)
            {
                return total;
            }
        }
    }

    private async Task DispatchOneAsync(StoredDelivery delivery, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(delivery.TraceParent, null, out var parent);
        using var activity = AlertingTelemetry.Source.StartActivity("alerting.dispatch", ActivityKind.Internal, parent);
        activity?.SetTag("briwatch.delivery.id", delivery.Id);
        activity?.SetTag("briwatch.subscription.id", delivery.SubscriptionId);
        activity?.SetTag("briwatch.delivery.attempt", delivery.Attempts + 1);
        try
        {
            var result = await AttemptAsync(delivery, cancellationToken);
            await RecordAsync(delivery, result, cancellationToken);
            activity?.SetTag("briwatch.delivery.outcome", result.Outcome.ToString());
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The claim's lease expires and another pass retries it, so the alert is delayed, not lost.
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            logger.LogError(e, "Dispatching delivery {DeliveryId} failed; it is retried when its claim lease expires", delivery.Id);
        }
    }

    private async Task<SendResult> AttemptAsync(StoredDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Channel is not (DeliveryChannels.Webhook or DeliveryChannels.Email))
        {
            return new(SendOutcome.Fail, null, $"Channel '{delivery.Channel}' is not supported by this dispatcher.", null);
        }

        var subscription = await subscriptions.GetAsync(delivery.SubscriptionId, cancellationToken);
        var refusal = (subscription, delivery.Channel) switch
        {
            (null, _) => $"Subscription {delivery.SubscriptionId} no longer exists.",
            ({ Enabled: false }, _) => $"Subscription {delivery.SubscriptionId} is disabled.",
            ({ Webhook: null }, DeliveryChannels.Webhook) => $"Subscription {delivery.SubscriptionId} no longer has a webhook channel.",
            ({ Webhook.Disabled: true }, DeliveryChannels.Webhook) => $"The webhook endpoint of subscription {delivery.SubscriptionId} is disabled (it answered 410 Gone); re-enable it and replay.",
            ({ Email: null }, DeliveryChannels.Email) => $"Subscription {delivery.SubscriptionId} no longer has an email channel (it may have been unsubscribed).",
            _ => null,
        };
        if (refusal is not null)
        {
            return new(SendOutcome.Fail, null, refusal, null);
        }

        return delivery.Channel == DeliveryChannels.Email
            ? await emails.SendAsync(delivery.Id, delivery.Target, delivery.Payload, cancellationToken)
            : await webhooks.SendAsync(delivery.Id, delivery.Target, subscription!.Webhook!.Secret, delivery.Payload, delivery.TraceParent, cancellationToken);
    }

    private async Task RecordAsync(StoredDelivery delivery, SendResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        DeliveryAttempt attempt;
        switch (result.Outcome)
        {
            case SendOutcome.Delivered:
                attempt = new(delivery.Id, DeliveryState.Delivered, attempts, now, now, null);
                break;
            case SendOutcome.Gone:
                await DisableEndpointAsync(delivery.SubscriptionId, now, cancellationToken);
                attempt = new(delivery.Id, DeliveryState.Failed, attempts, now, now, result.Error);
                break;
            case SendOutcome.Retry when schedule.NextDelay(attempts, result.RetryAfter) is { } delay:
                attempt = new(delivery.Id, DeliveryState.Pending, attempts, now, now + delay, $"Attempt {attempts} of {RetrySchedule.MaxAttempts}: {result.Error}");
                break;
            case SendOutcome.Retry:
                attempt = new(delivery.Id, DeliveryState.Dead, attempts, now, now, $"Gave up after {attempts} attempts; last: {result.Error}");
                break;
            default:
                attempt = new(delivery.Id, DeliveryState.Failed, attempts, now, now, result.Error);
                break;
        }

        await deliveries.RecordAttemptAsync(attempt, cancellationToken);
        if (attempt.State == DeliveryState.Delivered)
        {
            await publish.Publish(
                new AlertDelivered(delivery.Id, delivery.SubscriptionId, delivery.ArticleId, delivery.StoryId, delivery.Channel, attempts, now),
                cancellationToken);
        }
        else
        {
            logger.LogWarning("Delivery {DeliveryId} attempt {Attempt} is {State}: {Error}", delivery.Id, attempts, attempt.State, attempt.Error);
        }
    }

    private async Task DisableEndpointAsync(string subscriptionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        if (subscription?.Webhook is { Disabled: false } webhook)
        {
            await subscriptions.UpdateAsync(subscription with { Webhook = webhook with { Disabled = true }, UpdatedAt = now }, cancellationToken);
            logger.LogWarning("Webhook endpoint of subscription {SubscriptionId} answered 410 Gone and is now disabled", subscriptionId);
        }
    }
}
