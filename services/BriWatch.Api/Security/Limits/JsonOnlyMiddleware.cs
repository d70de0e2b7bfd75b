using Microsoft.Net.Http.Headers;

namespace BriWatch.Api.Security.Limits;

/// <summary>
/// State-changing <c>/api</c> requests (POST, PUT, PATCH, DELETE) carry JSON or nothing: a form post or a text/plain
/// body, which any web page can make a browser send without asking, is a 415 before it reaches an endpoint. A body-less
/// request is let through; with the session cookie it still needs the antiforgery token.
/// </summary>
internal sealed class JsonOnlyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsStateChanging(request.Method) && request.Path.StartsWithSegments("/api") && !IsJsonOrEmpty(request))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the request body as JSON with 'Content-Type: application/json' (got '{request.ContentType ?? "no Content-Type"}'), or send no body.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsJsonOrEmpty(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            // No type is fine only without a body.
            return request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0;
        }

        return MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (type.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));
    }
}
