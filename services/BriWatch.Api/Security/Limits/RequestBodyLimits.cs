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
/// <c>/api</c> bodies it is read here, keeping at most the limit, so the 413 is the same problem whatever the endpoint does.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    /// <summary>Bodies of unknown length up to this size are read here; larger limits are left to the server's own check.</summary>
    private const long BufferedUpTo = 1024 * 1024;

    /// <summary>Refused bodies up to this size (Kestrel's default limit) are read and dropped; longer ones close the connection.</summary>
    private const long DrainedUpTo = 30_000_000;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = LimitFor(context);
        var declared = context.Request.ContentLength;
        if (declared > limit)
        {
            await TooLargeAsync(context, limit, bodyUnread: true);
            return;
        }

        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (declared is null && limit <= BufferedUpTo && context.Request.Headers.TransferEncoding.Count > 0)
        {
            if (size is { IsReadOnly: false })
            {
                // Counted here; the server's own limit (routing may have set the endpoint's) only ends a body that goes on and on.
                size.MaxRequestBodySize = DrainedUpTo;
            }

            var body = await ReadUpToAsync(context.Request.Body, limit, context.RequestAborted);
            if (body is null)
            {
                await TooLargeAsync(context, limit, bodyUnread: false);
                return;
            }

            context.Request.Body = body;
        }
        else if (size is { IsReadOnly: false })
        {
            size.MaxRequestBodySize = limit;
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

    /// <summary>
    /// The whole body as a stream, or null when it is longer than <paramref name="limit"/>. The rest of a longer body is
    /// read and dropped (never kept): a client that sends all of it before reading the answer then gets the 413 rather
    /// than a broken connection. The server's own body limit still ends a body that goes on for longer.
    /// </summary>
    private static async Task<Stream?> ReadUpToAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        var tooLong = false;
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                tooLong |= buffer.Length + read > limit;
                if (!tooLong)
                {
                    buffer.Write(chunk, 0, read);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Past the server's own limit, far above any limit read here: the connection closes after the answer.
            return null;
        }

        if (tooLong)
        {
            return null;
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>
    /// 413 without keeping a byte of the body. A body of declared length is left unread until the answer is out; then,
    /// unless it is over 30 MB, what the client still sends is read and dropped, so a client that sends
    /// the whole body before it reads the answer (as HttpClient does) sees this 413 rather than a broken connection. A
    /// client that sent <c>Expect: 100-continue</c> is answered before it sends the body, and the connection closes.
    /// </summary>
    private static async Task TooLargeAsync(HttpContext context, long limit, bool bodyUnread)
    {
        var request = context.Request;
        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var drain = bodyUnread
            && !request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase)
            && request.ContentLength <= DrainedUpTo
            && size is { IsReadOnly: false };
        if (drain)
        {
            // Routing already set the endpoint's limit on the request; dropping the body means reading past it.
            size!.MaxRequestBodySize = DrainedUpTo;
        }
        else if (bodyUnread)
        {
            context.Response.Headers.Connection = "close";
        }

        await Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: $"This endpoint accepts request bodies of at most {limit} bytes.")
            .ExecuteAsync(context);
        if (drain)
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await DiscardAsync(request.Body, context.RequestAborted);
        }
    }

    private static async Task DiscardAsync(Stream body, CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        try
        {
            while (await body.ReadAsync(chunk, cancellationToken) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client went away or stalled: the connection is closed, nothing is lost.
        }
    }
}
