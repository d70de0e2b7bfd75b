using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.EndpointTests;

/// <summary>
/// Queues one <c>webhook.test</c> event per (subscription, endpoint URL), so a subscriber sees at once whether a
/// newly added or changed endpoint accepts BriWatch's requests. The delivery id derives from the URL and the
/// store creates each id once, so restarts and repeated checks never send a second test to the same endpoint.
/// </summary>
public sealed class EndpointTestEvents(IDeliveryStore deliveries, TimeProvider time, ILogger<EndpointTestEvents> logger)
{
    public const string EventType = "webhook.test";

    /// <summary>Creates the test delivery unless this endpoint already got one; true when created.</summary>
    public async Task<bool> QueueAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        if (subscription.Webhook is not { Disabled: false } webhook || WebhookFormats.Validate(webhook.Format) is not null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var created = await deliveries.TryCreateAsync(
            DeliveryFactory.EndpointTest(subscription, webhook.Url, Render(webhook.Format, subscription, now), now), cancellationToken);
        if (created)
        {
            logger.LogInformation("Queued a test event for the webhook endpoint of subscription {SubscriptionId}", subscription.Id);
        }

        return created;
    }

    private static string Render(string? format, Subscription subscription, DateTimeOffset now)
    {
        var text = $"BriWatch test event: this endpoint will receive alerts for subscription '{subscription.Name}'.";
        return (format ?? WebhookFormats.Standard).ToLowerInvariant() switch
        {
            WebhookFormats.Slack => JsonSerializer.Serialize(new { text }),
            WebhookFormats.Teams => TeamsMessage.Card([new { type = "TextBlock", text, wrap = true }]),
            _ => JsonSerializer.Serialize(
                new { type = EventType, timestamp = now, data = new { subscriptionId = subscription.Id, subscriptionName = subscription.Name, message = text } },
                ArticleMatchedPayload.JsonOptions),
        };
    }
}
