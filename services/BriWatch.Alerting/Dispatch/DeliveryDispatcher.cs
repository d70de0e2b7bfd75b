using System.Diagnostics;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Email;
using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Options;

namespace BriWatch.Alerting.Dispatch;

/// <summary>
/// Sends due deliveries and records each attempt. All state lives in the store (claimed with a lease), so
/// any number of dispatchers can run and a restarted one resumes the retry schedule where it stood.
/// </summary>
public sealed class DeliveryDispatcher(
    IDeliveryStore deliveries,
    ISubscriptionStore subscriptions,
    IArticleStore articles,
    WebhookSender webhooks,
    SmtpEmailSender emails,
    RetrySchedule schedule,
    AlertHolds holds,
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

    private async Task DispatchOneAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(delivery.TraceParent, null, out var parent);
        using var activity = AlertingTelemetry.Source.StartActivity("alerting.dispatch", ActivityKind.Internal, parent);
        activity?.SetTag("briwatch.delivery.id", delivery.Id);
        activity?.SetTag("briwatch.subscription.id", delivery.SubscriptionId);
        activity?.SetTag("briwatch.delivery.attempt", delivery.Attempts + 1);
        try
        {
            var (result, target) = await AttemptAsync(delivery, cancellationToken);
            await RecordAsync(delivery, result, target, cancellationToken);
            activity?.SetTag("briwatch.delivery.outcome", result.Outcome.ToString());
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            logger.LogError(e, "Dispatching delivery {DeliveryId} failed unexpectedly; recording it as a failed attempt", delivery.Id);
            await RecordUnexpectedAsync(delivery, e, cancellationToken);
        }
    }

    /// <summary>
    /// Counts an attempt that threw as a retryable failure, so a repeatable fault follows the retry schedule, shows its
    /// error and ends dead instead of being retried every claim lease forever while looking like a clean pending delivery.
    /// </summary>
    private async Task RecordUnexpectedAsync(Delivery delivery, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            await RecordAsync(delivery, new(SendOutcome.Retry, null, $"Unexpected error: {error.GetType().Name}: {error.Message}", null), null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store itself is failing; the claim's lease expires and a later pass retries, so the alert is delayed, not lost.
            logger.LogError(e, "Recording the failed attempt of delivery {DeliveryId} failed too; it is retried when its claim lease expires", delivery.Id);
        }
    }

    /// <returns>The answer, and the URL the delivery was re-targeted to when its endpoint was edited since it was created.</returns>
    private async Task<(SendResult Result, string? Target)> AttemptAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Channel is not (DeliveryChannels.Webhook or DeliveryChannels.Email))
        {
            return (new(SendOutcome.Fail, null, $"Channel '{delivery.Channel}' is not supported by this dispatcher.", null), null);
        }

        var subscription = await subscriptions.GetAsync(delivery.SubscriptionId, cancellationToken);
        var refusal = (subscription, delivery.Channel) switch
        {
            (null, _) => $"Subscription {delivery.SubscriptionId} no longer exists.",
            ({ Enabled: false }, _) => $"Subscription {delivery.SubscriptionId} is disabled.",
            ({ Webhook: null }, DeliveryChannels.Webhook) => $"Subscription {delivery.SubscriptionId} no longer has a webhook channel.",
            ({ Webhook.Disabled: true }, DeliveryChannels.Webhook) => $"The webhook endpoint of subscription {delivery.SubscriptionId} is disabled (it answered 410 Gone); re-enable it and replay.",
            ({ Webhook.SecretUnreadable: { } why }, DeliveryChannels.Webhook) => $"Subscription {delivery.SubscriptionId}: {why}",
            ({ Email: null }, DeliveryChannels.Email) => $"Subscription {delivery.SubscriptionId} no longer has an email channel (it may have been unsubscribed).",
            _ => null,
        };
        if (refusal is not null)
        {
            return (new(SendOutcome.Fail, null, refusal, null), null);
        }

        var started = Stopwatch.GetTimestamp();
        if (delivery.Channel == DeliveryChannels.Email)
        {
            var sent = await emails.SendAsync(delivery.Id, delivery.Target, delivery.Payload, cancellationToken);
            AlertingTelemetry.SendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, AlertingTelemetry.Channel(delivery.Channel));
            return (sent, null);
        }

        // The secret always comes from the subscription, so after an edit of the endpoint the old URL would get bodies signed
        // with the new secret (which it cannot verify) and a 410 from it would disable the new one. The subscriber moved the
        // endpoint: the alert still matters to them, so it follows to the current URL.
        var webhook = subscription!.Webhook!;
        var target = string.Equals(delivery.Target, webhook.Url, StringComparison.Ordinal) ? null : webhook.Url;
        if (target is not null)
        {
            logger.LogInformation("Delivery {DeliveryId} follows its subscription's edited webhook endpoint from {OldUrl} to {NewUrl}", delivery.Id, delivery.Target, target);
        }

        // During a rotation's overlap both the new and the previous secret sign, so the receiver can switch at its own pace.
        var result = await webhooks.SendAsync(delivery.Id, webhook.Url, webhook.SigningSecrets(time.GetUtcNow()), delivery.Payload, delivery.TraceParent, cancellationToken);
        AlertingTelemetry.SendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, AlertingTelemetry.Channel(delivery.Channel));
        return (result, target);
    }

    /// <param name="target">The URL the attempt went to when it differs from the delivery's stored target; null otherwise.</param>
    private async Task RecordAsync(Delivery delivery, SendResult result, string? target, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        if (result.Outcome == SendOutcome.Gone)
        {
            var goneUrl = target ?? delivery.Target;
            if (!await DisableEndpointAsync(delivery.SubscriptionId, goneUrl, cancellationToken)
                && await subscriptions.GetAsync(delivery.SubscriptionId, cancellationToken) is { Webhook: { Disabled: false } current }
                && !string.Equals(current.Url, goneUrl, StringComparison.Ordinal))
            {
                // The subscriber replaced the endpoint while this attempt was in flight: the old address being gone says
                // nothing about the new one, which gets the alert on the normal schedule.
                result = result with { Outcome = SendOutcome.Retry, Error = $"{result.Error} (from {goneUrl}, which the subscription no longer uses; the next attempt goes to its current endpoint)" };
            }
        }

        var now = time.GetUtcNow();
        DeliveryAttempt attempt;
        switch (result.Outcome)
        {
            case SendOutcome.Delivered:
                attempt = new(delivery.Id, DeliveryState.Delivered, attempts, now, now, null);
                break;
            case SendOutcome.Gone:
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

        attempt = attempt with { ClaimToken = delivery.ClaimToken, Target = target };
        if (!await deliveries.RecordAttemptAsync(attempt, cancellationToken))
        {
            // A replay or a newer claim (this attempt outlived its lease) owns the delivery now; its outcome is the one that counts.
            logger.LogWarning(
                "Delivery {DeliveryId} attempt {Attempt} ended {State} but was not recorded: the delivery was replayed or claimed again meanwhile",
                delivery.Id, attempts, attempt.State);
            return;
        }

        AlertingTelemetry.RecordAttempt(attempt.State, delivery.Channel);
        if (attempt.State == DeliveryState.Delivered)
        {
            await RecordLatencyAsync(delivery, now, cancellationToken);
        }
        else
        {
            logger.LogWarning("Delivery {DeliveryId} attempt {Attempt} is {State}: {Error}", delivery.Id, attempts, attempt.State, attempt.Error);
        }
    }

    /// <summary>
    /// Discovered → delivered latency of an alert. The discovery time lives on the article (ArticleClassified does not carry
    /// it), so it is read by id; a metric must never fail a delivery that was sent, so a failed read is only logged.
    /// </summary>
    private async Task RecordLatencyAsync(Delivery delivery, DateTimeOffset deliveredAt, CancellationToken cancellationToken)
    {
        if (delivery.Kind != DeliveryKind.Alert)
        {
            return;
        }

        try
        {
            if (await articles.GetAsync(delivery.ArticleId, cancellationToken) is { } article)
            {
                AlertingTelemetry.DiscoveredToDelivered.Record(Math.Max(0, (deliveredAt - article.DiscoveredAt).TotalSeconds), AlertingTelemetry.Channel(delivery.Channel));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Delivery {DeliveryId} was delivered but its article {ArticleId} could not be read for the latency metric", delivery.Id, delivery.ArticleId);
        }
    }

    /// <summary>Disables the endpoint only while it is still <paramref name="url"/>: a 410 from an address the subscriber has since replaced says nothing about the new one.</summary>
    private async Task<bool> DisableEndpointAsync(string subscriptionId, string url, CancellationToken cancellationToken)
    {
        var reason = $"Its webhook endpoint {url} was disabled after 410 Gone at {time.GetUtcNow().ToString("u", System.Globalization.CultureInfo.InvariantCulture)} and it has no other channel; re-enable the endpoint (or add an email address) and the subscription.";
        if (!await subscriptions.DisableWebhookAsync(subscriptionId, url, reason, cancellationToken))
        {
            return false;
        }

        logger.LogWarning("Webhook endpoint {Url} of subscription {SubscriptionId} answered 410 Gone and is now disabled", url, subscriptionId);
        return true;
    }
}
