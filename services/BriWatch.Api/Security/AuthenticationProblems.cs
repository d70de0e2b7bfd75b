namespace BriWatch.Api.Security;

/// <summary>401 and 403 as problem+json, the same for every scheme, so a client handles one shape.</summary>
internal static class AuthenticationProblems
{
    public static Task WriteAsync(HttpContext context, int status)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        var (title, detail) = status == StatusCodes.Status401Unauthorized
            ? ("Authentication required", "Send 'Authorization: Bearer <API key>' or sign in to the dashboard.")
            : ("Forbidden", "The key's scopes or the user's role do not allow this.");
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
    }
}
