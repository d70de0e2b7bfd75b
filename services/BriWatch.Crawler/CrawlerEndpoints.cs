using BriWatch.Crawler.WebSub;
using MassTransit;

namespace BriWatch.Crawler;

public static class CrawlerEndpoints
{
    /// <summary>The crawler's HTTP endpoints: the WebSub callback <c>/websub/{token}</c> hubs verify and push to.</summary>
    public static IEndpointRouteBuilder MapCrawlerEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/websub/{token}", (string token, HttpRequest request, WebSubCallbacks callbacks, CancellationToken cancellationToken) =>
            callbacks.VerifyAsync(token, request.Query, cancellationToken));
        app.MapPost("/websub/{token}", (string token, HttpRequest request, WebSubCallbacks callbacks, IPublishEndpoint publisher, CancellationToken cancellationToken) =>
            callbacks.ReceiveAsync(token, request, publisher, cancellationToken));
        return app;
    }
}
