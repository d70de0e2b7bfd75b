using System.Security.Claims;
using BriWatch.Api.Identity;
using BriWatch.Api.Security;
using BriWatch.Storage.Audit;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Subscriptions;

internal static class SubscriptionEndpoints
{
    public static RouteGroupBuilder MapSubscriptionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/subscriptions").WithTags("Subscriptions").RequireAuthorization(ApiPolicies.Subscriber);
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

    /// <summary>An admin lists everyone's (or one owner's); a subscriber only their own, whatever owner they ask for.</summary>
    private static async Task<IResult> ListAsync(string? owner, ClaimsPrincipal caller, ISubscriptionStore subscriptions, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin() && owner is not null && owner != caller.OwnerId())
        {
            return Results.Ok(Array.Empty<SubscriptionResponse>());
        }

        var listed = await subscriptions.ListAsync(caller.IsAdmin() ? owner : caller.OwnerId(), cancellationToken);
        return Results.Ok(listed.Select(SubscriptionResponse.From).ToList());
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal caller, ISubscriptionStore subscriptions, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, caller, subscriptions, cancellationToken) is { } subscription
            ? Results.Ok(SubscriptionResponse.From(subscription))
            : NotFound(id);

    /// <summary>The subscription when the caller may see it; another owner's is as absent as one that never existed.</summary>
    internal static async Task<Subscription?> FindVisibleAsync(string id, ClaimsPrincipal caller, ISubscriptionStore subscriptions, CancellationToken cancellationToken) =>
        await subscriptions.GetAsync(id, cancellationToken) is { } subscription && caller.MaySee(subscription.Owner) ? subscription : null;

    private static async Task<IResult> CreateAsync(
        SubscriptionRequest request,
        ClaimsPrincipal caller,
        ISubscriptionStore subscriptions,
        TimeProvider time,
        IConfiguration configuration,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        request = SubscriptionOwners.Resolve(request, caller, out var ownerProblem);
        if (ownerProblem is not null)
        {
            return ownerProblem;
        }

        var validation = request.Validate(WebhookTargets.AllowPrivateNetworks(configuration));
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var now = time.GetUtcNow();
        var subscription = request.ToSubscription(
            "sub_" + Guid.NewGuid().ToString("N")[..16], existingWebhook: null, Subscription.GenerateFeedToken(), now, now);
        await subscriptions.CreateAsync(subscription, cancellationToken);
        await audit.RecordAsync(caller, "subscription.created", subscription.Id, null, subscription, cancellationToken);
        return Results.Created($"/api/subscriptions/{subscription.Id}", SubscriptionResponse.From(subscription));
    }

    private static async Task<IResult> UpdateAsync(
        string id,
        SubscriptionRequest request,
        ClaimsPrincipal caller,
        ISubscriptionStore subscriptions,
        TimeProvider time,
        IConfiguration configuration,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        // Existence first: another owner's subscription is a 404 whatever the body says.
        var existing = await FindVisibleAsync(id, caller, subscriptions, cancellationToken);
        if (existing is null)
        {
            return NotFound(id);
        }

        request = SubscriptionOwners.Resolve(request, caller, out var ownerProblem);
        if (ownerProblem is not null)
        {
            return ownerProblem;
        }

        var validation = request.Validate(WebhookTargets.AllowPrivateNetworks(configuration));
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var updated = request.ToSubscription(id, existing.Webhook, existing.FeedToken, existing.CreatedAt, time.GetUtcNow());
        if (!await subscriptions.UpdateAsync(updated, cancellationToken))
        {
            return NotFound(id);
        }

        await audit.RecordAsync(caller, "subscription.updated", id, existing, updated, cancellationToken);
        return Results.Ok(SubscriptionResponse.From(updated));
    }

    private static async Task<IResult> RegenerateFeedTokenAsync(
        string id,
        ClaimsPrincipal caller,
        ISubscriptionStore subscriptions,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        var before = await FindVisibleAsync(id, caller, subscriptions, cancellationToken);
        if (before is null || await subscriptions.RegenerateFeedTokenAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var subscription = await subscriptions.GetAsync(id, cancellationToken);
        await audit.RecordAsync(caller, "subscription.feed_token_regenerated", id, before, subscription, cancellationToken);
        return subscription is null ? NotFound(id) : Results.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<IResult> DeleteAsync(string id, ClaimsPrincipal caller, ISubscriptionStore subscriptions, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(id, caller, subscriptions, cancellationToken) is not { } existing || !await subscriptions.DeleteAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        await audit.RecordAsync(caller, "subscription.deleted", id, existing, null, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> PreviewAsync(
        string id,
        int? limit,
        ClaimsPrincipal caller,
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

        var subscription = await FindVisibleAsync(id, caller, subscriptions, cancellationToken);
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
