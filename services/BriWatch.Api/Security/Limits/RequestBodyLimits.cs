using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Security.Limits;

/// <summary>An endpoint's own body limit, instead of the default for its path.</summary>
internal sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

public static class RequestBodyLimitExtensions
{
    /// <summary>Refuses request bodies over <paramref name="bytes"/> with 413 on this endpoint.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequestBodyLimit(bytes));
}

/// <summary>
/// Sets each request's body limit (the endpoint's own, else <c>Api:BodyLimits:Api</c> under <c>/api</c>, else
/// <c>Api:BodyLimits:Other</c>) and answers 413 at once when the declared Content-Length is over it, before any byte of the
/// body is read. A body without a length (chunked) is cut off by the server once it passes the limit; for the small
/// <c>/api</c> bodies it is read here, up to the limit, so the 413 is the same problem whatever the endpoint does.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    /// <summary>Bodies of unknown length up to this size are read here; larger limits are left to the server's own check.</summary>
    private const long BufferedUpTo = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = LimitFor(context);
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        var declared = context.Request.ContentLength;
        if (declared > limit)
        {
            await TooLargeAsync(context, limit);
            return;
        }

        if (declared is null && limit <= BufferedUpTo && context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await ReadUpToAsync(context.Request.Body, limit, context.RequestAborted);
            if (body is null)
            {
                await TooLargeAsync(context, limit);
                return;
            }

            context.Request.Body = body;
        }

        await next(context);
    }

    private long LimitFor(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } own)
        {
            return own;
        }

        var limits = options.Value.BodyLimits;
        return context.Request.Path.StartsWithSegments("/api") ? limits.Api : limits.Other;
    }

    /// <summary>The whole body as a stream, or null once it passes <paramref name="limit"/>.</summary>
    private static async Task<Stream?> ReadUpToAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own count (the limit set on the request) got there first.
            return null;
        }

        buffer.Position = 0;
        return buffer;
    }

    private static Task TooLargeAsync(HttpContext context, long limit)
    {
        // The unread rest of the body is not worth draining for a keep-alive: close the connection after the answer.
        context.Response.Headers.Connection = "close";
        return Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: $"This endpoint accepts request bodies of at most {limit} bytes.")
            .ExecuteAsync(context);
    }
}
