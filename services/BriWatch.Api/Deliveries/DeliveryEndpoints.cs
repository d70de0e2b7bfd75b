using System.Security.Claims;
using BriWatch.Api.Security;
using BriWatch.Api.Subscriptions;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Deliveries;

internal static class DeliveryEndpoints
{
    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/deliveries").WithTags("Deliveries").RequireAuthorization(ApiPolicies.Subscriber);
        group.MapGet("/", ListAsync).WithName("ListDeliveries").WithSummary("Lists deliveries, newest first, by subscription and state.");
        group.MapGet("/{id}", GetAsync).WithName("GetDelivery");
        group.MapPost("/{id}/replay", ReplayAsync).WithName("ReplayDelivery").WithSummary("Sends the delivery again now, with a fresh retry schedule.");
        return api;
    }

    private static async Task<IResult> ListAsync(
        string? subscription,
        string? state,
        int? limit,
        ClaimsPrincipal caller,
        IDeliveryStore deliveries,
        ISubscriptionStore subscriptions,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (limit is < 1 or > 500)
        {
            validation.Add("limit", "limit must be between 1 and 500.");
        }

        // Matches the camelCase names the API writes ("pending", "delivered", "failed", "dead").
        DeliveryState? parsedState = null;
        if (state is not null)
        {
            if (Enum.TryParse<DeliveryState>(state, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(state, out _))
            {
                parsedState = value;
            }
            else
            {
                validation.Add("state", "state must be pending, delivered, failed or dead.");
            }
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        if (caller.IsAdmin())
        {
            return Results.Ok(await deliveries.ListAsync(subscription, parsedState, limit ?? 100, cancellationToken));
        }

        if (subscription is not null)
        {
            return await SubscriptionEndpoints.FindVisibleAsync(subscription, caller, subscriptions, cancellationToken) is null
                ? Results.Ok(Array.Empty<Delivery>())
                : Results.Ok(await deliveries.ListAsync(subscription, parsedState, limit ?? 100, cancellationToken));
        }

        // A subscriber's own deliveries across their subscriptions, newest first: each list is already newest first and
        // bounded by the limit, so their merge's head is the answer.
        var own = await subscriptions.ListAsync(caller.OwnerId(), cancellationToken);
        var lists = await Task.WhenAll(own.Select(s => deliveries.ListAsync(s.Id, parsedState, limit ?? 100, cancellationToken)));
        return Results.Ok(lists.SelectMany(l => l).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).Take(limit ?? 100).ToList());
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal caller, IDeliveryStore deliveries, ISubscriptionStore subscriptions, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, caller, deliveries, subscriptions, cancellationToken) is { } delivery ? Results.Ok(delivery) : NotFound(id);

    /// <summary>A delivery is visible to whoever may see its subscription; one of a deleted subscription only to admins.</summary>
    private static async Task<Delivery?> FindVisibleAsync(
        string id, ClaimsPrincipal caller, IDeliveryStore deliveries, ISubscriptionStore subscriptions, CancellationToken cancellationToken)
    {
        var delivery = await deliveries.GetAsync(id, cancellationToken);
        if (delivery is null || caller.IsAdmin())
        {
            return delivery;
        }

        return await SubscriptionEndpoints.FindVisibleAsync(delivery.SubscriptionId, caller, subscriptions, cancellationToken) is null ? null : delivery;
    }

    private static async Task<IResult> ReplayAsync(
        string id, ClaimsPrincipal caller, IDeliveryStore deliveries, ISubscriptionStore subscriptions, TimeProvider time, CancellationToken cancellationToken)
    {
        var result = await FindVisibleAsync(id, caller, deliveries, subscriptions, cancellationToken) is null
            ? ReplayResult.NotFound
            : await deliveries.ReplayAsync(id, time.GetUtcNow(), cancellationToken);
        ApiTelemetry.Replays.Add(1, new KeyValuePair<string, object?>("result", result switch
        {
            ReplayResult.Replayed => "replayed",
            ReplayResult.StillPending => "still_pending",
            _ => "not_found",
        }));
        return result switch
        {
            ReplayResult.Replayed => Results.Accepted($"/api/deliveries/{id}", await deliveries.GetAsync(id, cancellationToken)),
            // A pending delivery is already due or being sent; resetting it could send it twice at once or lose this request.
            ReplayResult.StillPending => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Delivery is still pending",
                detail: $"Delivery '{id}' is still pending (waiting for its next attempt or being sent); only delivered, failed or dead deliveries can be replayed."),
            _ => NotFound(id),
        };
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Delivery not found", detail: $"No delivery has id '{id}'.");
}
