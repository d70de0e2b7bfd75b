namespace BriWatch.Api.Security.Limits;

/// <summary>
/// Headers on every response, the dashboard's first: a Content-Security-Policy that runs only the host's own script
/// files (no inline script, so injected markup cannot run code) and lets no page frame this one, no MIME sniffing, and
/// no Referer leaking feed or unsubscribe URLs (their tokens are credentials) to the sites a page links to.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>Inline style attributes stay allowed: the unsubscribe page uses one, and styles cannot run code.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
