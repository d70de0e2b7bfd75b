using BriWatch.Crawler.WebSub;

namespace BriWatch.Crawler;

public static class CrawlerEndpoints
{
    /// <summary>
    /// The crawler's HTTP endpoints: the WebSub callback <c>/websub/{token}</c> hubs verify and push to. Anonymous by
    /// design: the secret token in the path and the push's HMAC signature are the credentials.
    /// </summary>
    public static IEndpointRouteBuilder MapCrawlerEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/websub/{token}", (string token, HttpRequest request, WebSubCallbacks callbacks, CancellationToken cancellationToken) =>
            callbacks.VerifyAsync(token, request.Query, cancellationToken)).AllowAnonymous();
        app.MapPost("/websub/{token}", (string token, HttpRequest request, WebSubCallbacks callbacks, CancellationToken cancellationToken) =>
            callbacks.ReceiveAsync(token, request, cancellationToken)).AllowAnonymous();
        return app;
    }
}
