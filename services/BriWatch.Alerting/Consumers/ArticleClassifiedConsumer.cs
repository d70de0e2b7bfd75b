using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Alerting.Digests;
using BriWatch.Alerting.Matching;
using BriWatch.Contracts;
using BriWatch.Matching.Indexing;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Subscriptions;
using MassTransit;

namespace BriWatch.Alerting.Consumers;

/// <summary>
/// Turns a classified article into one pending delivery per matching subscription. Idempotent: delivery ids
/// derive from (subscription, story, channel, revision) and the store creates each at most once. A story already
/// alerted on is alerted again only as a new development (its stage or amount changed), see <see cref="AlertRevision"/>.
/// Matches of digest subscriptions are held for their next digest instead, by the same rule (<see cref="DigestCollector"/>).
/// A match for a disabled subscription (paused by its owner, or disabled by alerting after a 410 or an unsubscribe) is
/// recorded as a failed delivery saying why, so it can be replayed once the owner fixes and re-enables it.
/// Once every delivery and digest item is stored, the article's <see cref="ArticleClassified"/> outbox event is
/// completed; until then the classifier's outbox keeps publishing it.
/// </summary>
public sealed class ArticleClassifiedConsumer(
    SubscriptionIndexProvider subscriptions,
    MatchDocumentFactory documents,
    IDeliveryStore deliveries,
    ISubscriptionStore subscriptionStore,
    DigestCollector digests,
    IOutboxStore outbox,
    TimeProvider time,
    ILogger<ArticleClassifiedConsumer> logger) : IConsumer<ArticleClassified>
{
    // A story's first report and one development racing: the second try sees the first's revision. More are for safety.
    private const int RevisionAttempts = 3;

    public async Task Consume(ConsumeContext<ArticleClassified> context)
    {
        var article = context.Message;
        Validate(article);
        using var activity = AlertingTelemetry.Source.StartActivity("alerting.match");
        activity?.SetTag("briwatch.article.id", article.ArticleId);
        activity?.SetTag("briwatch.story.id", article.StoryId);

        var index = await subscriptions.GetAsync(context.CancellationToken);
        var document = await documents.CreateAsync(article, index, context.CancellationToken);
        var matched = index.Match(document);
        var isEnabled = matched.Select(m => m.Subscription).ToLookup(s => s.Enabled);
        var isInstant = isEnabled[true].ToLookup(s => s.Mode == SubscriptionMode.Instant);
        var held = await digests.HoldAsync([.. isInstant[false]], article, context.CancellationToken);
        // A disabled digest subscription's match is recorded like an instant alert: a digest of one replayed later
        // would say no more, and the record is what makes it visible and replayable.
        var instant = isInstant[true].Concat(isEnabled[false]).ToList();
        AlertingTelemetry.Matches.Add(isInstant[true].Count(), new KeyValuePair<string, object?>("mode", "instant"));
        AlertingTelemetry.Matches.Add(isInstant[false].Count(), new KeyValuePair<string, object?>("mode", "digest"));
        AlertingTelemetry.Matches.Add(isEnabled[false].Count(), new KeyValuePair<string, object?>("mode", "disabled"));
        var alerted = (instant.Count == 0 ? [] : await deliveries.ListForStoryAsync(article.StoryId, context.CancellationToken))
            .ToLookup(d => d.SubscriptionId, StringComparer.Ordinal);
        var created = 0;
        foreach (var subscription in instant)
        {
            created += await CreateAlertAsync(subscription, article, [.. alerted[subscription.Id].Select(StoryFacts.Of)], context.CancellationToken);
        }

        await context.CompleteAsync(outbox);
        activity?.SetTag("briwatch.subscriptions.matched", matched.Count);
        activity?.SetTag("briwatch.deliveries.created", created);
        activity?.SetTag("briwatch.digest_items.held", held);
        // An article that matched nothing is the common case: Debug, so the console shows the ones that lead to alerts.
        logger.Log(
            created + held > 0 ? LogLevel.Information : LogLevel.Debug,
            "Article {ArticleId} (story {StoryId}) created {Count} deliveries and {Held} digest items",
            article.ArticleId, article.StoryId, created, held);
    }

    /// <summary>
    /// Creates the alert the article earns the subscription, if any; returns how many deliveries were created. When none
    /// could be created because another article of the story took the same revision first (two copies with different
    /// stages consumed at once both look like the first report), the story's alerts are read again and the article is
    /// judged against them, so its development is alerted instead of lost; a plain redelivery then finds itself and stops.
    /// </summary>
    private async Task<int> CreateAlertAsync(Subscription subscription, ArticleClassified article, List<StoryFacts> alerted, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < RevisionAttempts; attempt++)
        {
            if (AlertRevision.For(article, alerted) is not { } revision)
            {
                return 0;
            }

            var planned = subscription.Enabled
                ? DeliveriesFor(subscription, article, revision).ToList()
                : NotSentWhileDisabled(subscription, article, revision);
            if (planned.Count == 0 && subscription.Enabled)
            {
                planned = await NoUsableChannelAsync(subscription, article, revision, cancellationToken);
            }

            var created = 0;
            foreach (var delivery in planned)
            {
                created += await deliveries.TryCreateAsync(delivery, cancellationToken) ? 1 : 0;
            }

            if (created > 0 || planned.Count == 0)
            {
                return created;
            }

            alerted = [.. (await deliveries.ListForStoryAsync(article.StoryId, cancellationToken))
                .Where(d => d.SubscriptionId == subscription.Id)
                .Select(StoryFacts.Of)];
        }

        return 0;
    }

    /// <summary>One delivery per usable channel: a subscription with a webhook and an email address gets both.</summary>
    private IEnumerable<Delivery> DeliveriesFor(Subscription subscription, ArticleClassified article, AlertRevision revision)
    {
        var now = time.GetUtcNow();
        var payload = ArticleMatchedPayload.From(article, subscription, revision.Development).ToJson();
        if (subscription.Webhook is { Disabled: false } webhook)
        {
            yield return WebhookDelivery(subscription, webhook, article, revision, payload, now);
        }

        if (subscription.Email is { } email)
        {
            // The email is rendered from this standard body when sent, so a template fix also applies to pending retries.
            yield return DeliveryFactory.Alert(subscription, article, revision, DeliveryChannels.Email, email.Address, payload, now);
        }
    }

    /// <summary>
    /// A match for a subscription with no usable channel (its webhook disabled after a 410, no email) is not dropped
    /// silently: the subscription is disabled with the reason, and the match is recorded as a failed delivery to the
    /// disabled endpoint, which the API lists and which can be replayed once the endpoint is re-enabled.
    /// </summary>
    private async Task<List<Delivery>> NoUsableChannelAsync(
        Subscription subscription, ArticleClassified article, AlertRevision revision, CancellationToken cancellationToken)
    {
        var reason = DeliveryChannels.NoUsableChannelReason(subscription);
        if (await subscriptionStore.DisableAsync(subscription.Id, reason, cancellationToken))
        {
            logger.LogWarning("Subscription {SubscriptionId} matched article {ArticleId} but has no usable channel; it is now disabled", subscription.Id, article.ArticleId);
        }

        if (subscription.Webhook is not { } webhook)
        {
            return [];
        }

        var payload = ArticleMatchedPayload.From(article, subscription, revision.Development).ToJson();
        var delivery = WebhookDelivery(subscription, webhook, article, revision, payload, time.GetUtcNow());
        return [delivery with { State = DeliveryState.Failed, LastError = delivery.LastError ?? reason }];
    }

    /// <summary>
    /// The failed record of a match for a disabled subscription, one per channel it still has (a webhook disabled after
    /// a 410 included), each saying why it was not sent. With no channel left at all it is recorded on the email channel
    /// with no target, so the match still shows; replaying that fails again until a channel is added.
    /// </summary>
    private List<Delivery> NotSentWhileDisabled(Subscription subscription, ArticleClassified article, AlertRevision revision)
    {
        var now = time.GetUtcNow();
        var reason = DeliveryChannels.DisabledSubscriptionReason(subscription);
        var payload = ArticleMatchedPayload.From(article, subscription, revision.Development).ToJson();
        var planned = new List<Delivery>();
        if (subscription.Webhook is { } webhook)
        {
            planned.Add(WebhookDelivery(subscription, webhook, article, revision, payload, now));
        }

        if (subscription.Email is { } email || planned.Count == 0)
        {
            planned.Add(DeliveryFactory.Alert(subscription, article, revision, DeliveryChannels.Email, subscription.Email?.Address ?? DeliveryChannels.NoTarget, payload, now));
        }

        return [.. planned.Select(d => d with { State = DeliveryState.Failed, LastError = d.LastError is { } error ? $"{reason} {error}" : reason })];
    }

    private static Delivery WebhookDelivery(
        Subscription subscription, WebhookChannel webhook, ArticleClassified article, AlertRevision revision, string payload, DateTimeOffset now)
    {
        var delivery = DeliveryFactory.Alert(subscription, article, revision, DeliveryChannels.Webhook, webhook.Url, payload, now);
        var formatError = WebhookFormats.Validate(webhook.Format);
        return formatError is null
            ? delivery with { Payload = WebhookFormats.Render(webhook.Format, article, subscription, revision.Development) }
            : delivery with { State = DeliveryState.Failed, LastError = formatError + " The standard body was stored instead; replaying sends that." };
    }

    private static void Validate(ArticleClassified article)
    {
        if (string.IsNullOrWhiteSpace(article.ArticleId))
        {
            throw new ArgumentException("ArticleClassified has no ArticleId.", nameof(article));
        }

        if (string.IsNullOrWhiteSpace(article.StoryId))
        {
            throw new ArgumentException($"ArticleClassified {article.ArticleId} has no StoryId; deliveries are keyed by story.", nameof(article));
        }
    }
}
