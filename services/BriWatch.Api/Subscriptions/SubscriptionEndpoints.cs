using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Subscriptions;

internal static class SubscriptionEndpoints
{
    public static RouteGroupBuilder MapSubscriptionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/subscriptions").WithTags("Subscriptions");
        group.MapGet("/", ListAsync).WithName("ListSubscriptions");
        group.MapGet("/{id}", GetAsync).WithName("GetSubscription");
        group.MapPost("/", CreateAsync).WithName("CreateSubscription");
        group.MapPut("/{id}", UpdateAsync).WithName("UpdateSubscription");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteSubscription");
        group.MapPost("/{id}/feed-token", RegenerateFeedTokenAsync).WithName("RegenerateSubscriptionFeedToken")
            .WithSummary("Gives the subscription a new secret feed URL; the old one stops working at once.");
        group.MapPost("/{id}/preview", PreviewAsync).WithName("PreviewSubscription")
            .WithSummary("Dry-runs the subscription over the last 30 days of stored articles: what it would have alerted on.");
        return api;
    }

    private static async Task<IResult> ListAsync(string? owner, ISubscriptionStore subscriptions, CancellationToken cancellationToken) =>
        Results.Ok((await subscriptions.ListAsync(owner, cancellationToken)).Select(SubscriptionResponse.From).ToList());

    private static async Task<IResult> GetAsync(string id, ISubscriptionStore subscriptions, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(id, cancellationToken);
        return subscription is null ? NotFound(id) : Results.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<IResult> CreateAsync(
        SubscriptionRequest request,
        ISubscriptionStore subscriptions,
        TimeProvider time,
        IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        var validation = request.Validate(WebhookTargets.AllowPrivateNetworks(configuration));
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var now = time.GetUtcNow();
        var subscription = request.ToSubscription(
            "sub_" + Guid.NewGuid().ToString("N")[..16], existingWebhook: null, Subscription.GenerateFeedToken(), now, now);
        await subscriptions.CreateAsync(subscription, cancellationToken);
        return Results.Created($"/api/subscriptions/{subscription.Id}", SubscriptionResponse.From(subscription));
    }

    private static async Task<IResult> UpdateAsync(
        string id,
        SubscriptionRequest request,
        ISubscriptionStore subscriptions,
        TimeProvider time,
        IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        var validation = request.Validate(WebhookTargets.AllowPrivateNetworks(configuration));
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var existing = await subscriptions.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return NotFound(id);
        }

        var updated = request.ToSubscription(id, existing.Webhook, existing.FeedToken, existing.CreatedAt, time.GetUtcNow());
        return await subscriptions.UpdateAsync(updated, cancellationToken) ? Results.Ok(SubscriptionResponse.From(updated)) : NotFound(id);
    }

    private static async Task<IResult> RegenerateFeedTokenAsync(string id, ISubscriptionStore subscriptions, CancellationToken cancellationToken)
    {
        if (await subscriptions.RegenerateFeedTokenAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var subscription = await subscriptions.GetAsync(id, cancellationToken);
        return subscription is null ? NotFound(id) : Results.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<IResult> DeleteAsync(string id, ISubscriptionStore subscriptions, CancellationToken cancellationToken) =>
        await subscriptions.DeleteAsync(id, cancellationToken) ? Results.NoContent() : NotFound(id);

    private static async Task<IResult> PreviewAsync(
        string id,
        int? limit,
        ISubscriptionStore subscriptions,
        SubscriptionPreview preview,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 200)
        {
            var validation = new Validation();
            validation.Add("limit", "limit must be between 1 and 200.");
            return validation.Problem();
        }

        var subscription = await subscriptions.GetAsync(id, cancellationToken);
        if (subscription is null)
        {
            return NotFound(id);
        }

        try
        {
            return Results.Ok(await preview.RunAsync(subscription, limit ?? 50, cancellationToken));
        }
        catch (UnmatchableSubscriptionException e)
        {
            // A record stored before today's validation; alerting logs and skips it the same way.
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Subscription cannot be matched", detail: e.Message + " Update the subscription to fix it.");
        }
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Subscription not found", detail: $"No subscription has id '{id}'.");
}
