using System.Net;
using BriWatch.Alerting.Alerts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Channels.Email;

/// <summary>
/// The target of the <c>List-Unsubscribe</c> link. <c>POST</c> (RFC 8058 one-click, or the button on the page) removes the
/// subscription's email channel and keeps its other channels; a subscription left without a usable channel (none, or only a
/// webhook disabled after a 410) is disabled too, with the reason recorded.
/// <c>GET</c> only shows a confirmation page, since mail scanners open links and must not unsubscribe anyone.
/// </summary>
public static class UnsubscribeEndpoint
{
    public static async Task<IResult> ConfirmAsync(string? token, UnsubscribeTokens tokens, ISubscriptionStore subscriptions, CancellationToken cancellationToken)
    {
        if (Check(token, tokens, out var subscriptionId) is { } invalid)
        {
            return invalid;
        }

        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        if (subscription?.Email is null)
        {
            return Page("Already unsubscribed", "This subscription no longer sends email.");
        }

        var action = "?token=" + Uri.EscapeDataString(token!);
        return Page(
            "Unsubscribe from BriWatch email alerts",
            $"Stop emails for the subscription &lsquo;{WebUtility.HtmlEncode(subscription.Name)}&rsquo; to {WebUtility.HtmlEncode(subscription.Email.Address)}?"
            + $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(action)}\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
            + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    public static async Task<IResult> UnsubscribeAsync(
        string? token,
        UnsubscribeTokens tokens,
        ISubscriptionStore subscriptions,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (Check(token, tokens, out var subscriptionId) is { } invalid)
        {
            return invalid;
        }

        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        if (subscription?.Email is null)
        {
            return Page("Unsubscribed", "This subscription no longer sends email.");
        }

        // A targeted update, so an API edit racing with the click keeps its changes; the store disables the subscription
        // only when no usable channel is left (no webhook, or one disabled after a 410), recording why.
        const string reason = "Its email channel was unsubscribed through the link in an email and it has no other usable channel; add a channel and re-enable it.";
        await subscriptions.RemoveEmailAsync(subscriptionId, reason, cancellationToken);
        var after = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        loggers.CreateLogger(typeof(UnsubscribeEndpoint)).LogInformation(
            "Subscription {SubscriptionId} unsubscribed its email channel through the one-click link{Disabled}",
            subscriptionId,
            after is { Enabled: true } ? "" : "; having no other usable channel, it is now disabled");
        return Page("Unsubscribed", $"You will get no more BriWatch emails for &lsquo;{WebUtility.HtmlEncode(subscription.Name)}&rsquo;.");
    }

    private static IResult? Check(string? token, UnsubscribeTokens tokens, out string subscriptionId)
    {
        if (string.IsNullOrEmpty(token))
        {
            subscriptionId = "";
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing unsubscribe token", detail: "The link has no 'token' query parameter; use the full link from the email.");
        }

        if (!tokens.TryRead(token, out subscriptionId, out var channel))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid unsubscribe token", detail: "The token is malformed, altered or was signed with another key; use the full link from the most recent email.");
        }

        return channel == DeliveryChannels.Email
            ? null
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unsupported unsubscribe channel", detail: $"Tokens for the '{channel}' channel cannot be used here.");
    }

    private static IResult Page(string title, string body) => Results.Content(
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>"
        + $"<body style=\"font-family:sans-serif\"><h1>{WebUtility.HtmlEncode(title)}</h1><div>{body}</div></body></html>",
        "text/html; charset=utf-8");
}
