using System.Globalization;
using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Items;
using BriWatch.Storage.Sources;
using BriWatch.Storage.WebSub;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.WebSub;

/// <summary>
/// The subscriber side of the hub's requests to <c>/websub/{token}</c>: intent verification and denial (GET) and content
/// distribution (POST). Answers follow the W3C WebSub recommendation: 404 for a subscription we do not agree to, and 2xx
/// for pushed content even when it is ignored (bad signature, denied subscription, deleted source).
/// </summary>
public sealed class WebSubCallbacks(
    IWebSubSubscriptionStore subscriptions,
    ISourceStore sources,
    ItemAnnouncer announcer,
    IOptions<CrawlerOptions> options,
    TimeProvider time,
    ILogger<WebSubCallbacks> logger)
{
    /// <summary>Longest lease we record, whatever a hub grants; keeps the arithmetic in range.</summary>
    private static readonly TimeSpan MaxLease = TimeSpan.FromDays(365);

    public async Task<IResult> VerifyAsync(string token, IQueryCollection query, CancellationToken cancellationToken)
    {
        var mode = query["hub.mode"].ToString();
        var topic = query["hub.topic"].ToString();
        if (mode is not ("subscribe" or "unsubscribe" or "denied"))
        {
            return Results.Problem($"hub.mode must be subscribe, unsubscribe or denied, not '{mode}'", statusCode: StatusCodes.Status400BadRequest);
        }

        var subscription = await FindAsync(token, cancellationToken);
        if (subscription is null || subscription.Topic != topic)
        {
            logger.LogWarning("WebSub {Mode} for {Topic} refused: no such subscription", mode, topic);
            return Results.NotFound();
        }

        var now = time.GetUtcNow();
        if (mode == "denied")
        {
            var reason = query["hub.reason"].ToString();
            await subscriptions.DenyAsync(token, reason.Length > 0 ? reason : null, now, cancellationToken);
            logger.LogWarning("Source {SourceId}: hub {Hub} denied the subscription to {Topic}: {Reason}", subscription.SourceId, subscription.Hub, topic, reason);
            await subscriptions.RecordAsync(
                subscription.SourceId, $"hub {subscription.Hub} denied the subscription to {topic}: {(reason.Length > 0 ? reason : "no reason given")}", now, logger, cancellationToken);
            return Results.Ok();
        }

        if (mode == "unsubscribe" || subscription.State == WebSubState.Denied)
        {
            // We never ask to unsubscribe, and a denied subscription is not revived by a stray verification.
            logger.LogWarning("Source {SourceId}: WebSub {Mode} verification for {Topic} refused", subscription.SourceId, mode, topic);
            return Results.NotFound();
        }

        var challenge = query["hub.challenge"].ToString();
        if (challenge.Length == 0)
        {
            return Results.Problem("hub.challenge is missing", statusCode: StatusCodes.Status400BadRequest);
        }

        if (Lease(query["hub.lease_seconds"].ToString()) is not { } lease)
        {
            return Results.Problem("hub.lease_seconds must be a positive whole number of seconds", statusCode: StatusCodes.Status400BadRequest);
        }

        var renewBefore = options.Value.WebSub.RenewBefore < lease / 2 ? options.Value.WebSub.RenewBefore : lease / 2;
        if (!await subscriptions.ActivateAsync(token, now + lease, now + lease - renewBefore, now, cancellationToken))
        {
            return Results.NotFound();
        }

        logger.LogInformation("Source {SourceId}: {Hub} verified the subscription to {Topic} for {Lease}", subscription.SourceId, subscription.Hub, topic, lease);
        return Results.Text(challenge, "text/plain");
    }

    public async Task<IResult> ReceiveAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(token, cancellationToken);
        if (subscription is null)
        {
            logger.LogWarning("WebSub content for an unknown callback refused");
            return Results.NotFound();
        }

        var cap = options.Value.MaxResponseBytes;
        var body = request.ContentLength > cap ? null : await ReadCappedAsync(request.Body, cap, cancellationToken);
        if (body is null)
        {
            await subscriptions.RecordAsync(subscription.SourceId, $"push rejected: content from {subscription.Hub} larger than {cap} bytes", time.GetUtcNow(), logger, cancellationToken);
            return Results.Problem($"content larger than {cap} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (WebSubSignature.Check(request.Headers[WebSubSignature.Header].ToString(), subscription.Secret, body) is { } signatureError)
        {
            // Still 2xx, as the recommendation asks, so a forger learns nothing; the operator learns it from the record.
            logger.LogWarning("Source {SourceId}: WebSub content from {Hub} ignored: {Error}", subscription.SourceId, subscription.Hub, signatureError);
            await subscriptions.RecordAsync(subscription.SourceId, $"push rejected: bad signature: {signatureError}", time.GetUtcNow(), logger, cancellationToken);
            return Results.Accepted();
        }

        var source = await sources.GetAsync(subscription.SourceId, cancellationToken);
        if (subscription.State == WebSubState.Denied || source is not { Enabled: true })
        {
            logger.LogInformation("WebSub content for source {SourceId} ignored: the source is gone or disabled, or the subscription was denied", subscription.SourceId);
            return Results.Accepted();
        }

        ParsedFeed feed;
        try
        {
            feed = FeedParser.Parse(body, new Uri(subscription.Topic), request.ContentType);
            if (!feed.WellFormed && feed.Items.Count == 0)
            {
                throw new FeedParseException(feed.Error ?? "not well-formed and no items could be recovered");
            }
        }
        catch (FeedParseException ex)
        {
            logger.LogWarning("Source {SourceId}: WebSub content from {Hub} is not a readable feed: {Error}", subscription.SourceId, subscription.Hub, ex.Message);
            await subscriptions.RecordAsync(subscription.SourceId, $"push not readable: {ex.Message}", time.GetUtcNow(), logger, cancellationToken);
            return Results.Problem($"content is not a readable feed: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!feed.WellFormed)
        {
            await subscriptions.RecordAsync(
                subscription.SourceId, $"push not readable: {feed.Error}; kept {feed.Items.Count} recovered item{(feed.Items.Count == 1 ? "" : "s")}", time.GetUtcNow(), logger, cancellationToken);
        }
        else if (subscription.LastError is not null)
        {
            // A clean, signed push proves the subscription works again.
            await subscriptions.ClearAsync(subscription.SourceId, logger, cancellationToken);
        }

        var announced = await announcer.AnnounceNewAsync(source, feed, cancellationToken);
        logger.LogInformation(
            "Source {SourceId}: WebSub push with {Items} items, {New} new, {Skipped} skipped", source.Id, feed.Items.Count, announced.New, announced.Skipped.Count);
        return Results.NoContent();
    }

    private async Task<WebSubSubscription?> FindAsync(string token, CancellationToken cancellationToken) =>
        options.Value.WebSub.Enabled && !string.IsNullOrWhiteSpace(token) ? await subscriptions.GetByTokenAsync(token, cancellationToken) : null;

    /// <summary>The granted lease; the one we asked for when the hub names none (the spec requires it, some hubs forget).</summary>
    private TimeSpan? Lease(string text)
    {
        if (text.Length == 0)
        {
            return options.Value.WebSub.Lease;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? (seconds > MaxLease.TotalSeconds ? MaxLease : TimeSpan.FromSeconds(seconds))
            : null;
    }

    private static async Task<byte[]?> ReadCappedAsync(Stream body, long cap, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
