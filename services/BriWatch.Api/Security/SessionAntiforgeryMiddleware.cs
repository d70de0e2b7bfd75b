using Microsoft.AspNetCore.Antiforgery;

namespace BriWatch.Api.Security;

/// <summary>
/// A browser sends the session cookie with every request, including ones another site makes it send: a state-changing
/// request that relies on the cookie must also carry the antiforgery token the dashboard read from <c>GET /api/session</c>.
/// Requests with a bearer key or token carry no ambient credential and need none.
/// </summary>
internal sealed class SessionAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: SecurityServiceExtensions.SessionScheme }
            && !await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Antiforgery token missing or invalid",
                detail: $"Requests made with the dashboard session must send the token from GET /api/session in the {SecurityServiceExtensions.AntiforgeryHeader} header.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
