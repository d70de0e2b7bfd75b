using BriWatch.Alerting.Channels.Email;

namespace BriWatch.Alerting;

public static class AlertingEndpoints
{
    /// <summary>The one-click unsubscribe endpoint the alert emails link to. Anonymous by design: its signed token is the credential.</summary>
    public static IEndpointRouteBuilder MapAlertingEndpoints(this IEndpointRouteBuilder app)
    {
        // Resolved now so a missing signing key is reported at start-up rather than with the first email.
        app.ServiceProvider.GetRequiredService<UnsubscribeTokens>();
        app.MapGet(AlertEmailComposer.UnsubscribePath, UnsubscribeEndpoint.ConfirmAsync).AllowAnonymous();
        app.MapPost(AlertEmailComposer.UnsubscribePath, UnsubscribeEndpoint.UnsubscribeAsync).DisableAntiforgery().AllowAnonymous();
        return app;
    }
}
