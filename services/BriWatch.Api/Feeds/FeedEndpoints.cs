using System.Security.Cryptography;
using BriWatch.Storage.Subscriptions;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Net.Http.Headers;

namespace BriWatch.Api.Feeds;

/// <summary>Each subscription's Atom feed, outside <c>/api</c> because the secret token in its URL is its only credential.</summary>
internal static class FeedEndpoints
{
    public const string AtomMediaType = "application/atom+xml";

    public static string PathFor(string token) => $"/feeds/{token}.atom";

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feeds/{token}.atom", GetAsync)
            .WithTags("Feeds")
            .AllowAnonymous()
            .WithName("GetSubscriptionFeed")
            .WithSummary("The subscription's newest matches (up to 50) as an Atom feed. The URL is a secret: it is the subscription's feedUrl.")
            .Produces<string>(StatusCodes.Status200OK, AtomMediaType)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(
        string token,
        HttpRequest request,
        ISubscriptionStore subscriptions,
        SubscriptionFeed feed,
        CancellationToken cancellationToken)
    {
        // The store looks the token up by its SHA-256 and compares it in constant time, so how long a guess takes to
        // answer says nothing about how close it came to a real token.
        var subscription = await subscriptions.GetByFeedTokenAsync(token, cancellationToken);
        if (subscription is null)
        {
            // The same answer for every unknown token, so a probe learns nothing about which subscriptions exist.
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Feed not found", detail: "No feed has this address.");
        }

        var entries = await feed.NewestAsync(subscription, cancellationToken);
        var content = AtomFeedWriter.Write(
            subscription,
            entries,
            UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, PathFor(token)),
            UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, "/"));
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16)) + "\"");
        // A file result answers If-None-Match and If-Modified-Since with 304 itself.
        return Results.Bytes(content, AtomMediaType + "; charset=utf-8", lastModified: AtomFeedWriter.Updated(subscription, entries), entityTag: etag);
    }
}
