using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Security.Limits;

/// <summary>
/// One fixed-window limiter per partition (<c>Api:RateLimits</c>): a signed-in caller's API key (a session counts
/// against the key it was opened with, an OIDC user against their owner id), or for anonymous callers the client IP
/// (an IPv6 client by its /64), with WebSub callbacks in a partition of their own since hubs push legitimately and in
/// bursts. Health probes and the metrics scrape are not limited. Beyond the limit: 429 with Retry-After.
/// </summary>
internal static class ApiRateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>>((options, api) =>
        {
            var limits = api.Value.RateLimits;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments(TelemetryExtensions.MetricsPath))
        {
            return RateLimitPartition.GetNoLimiter("probes");
        }

        if (context.User.Identity?.IsAuthenticated == true)
        {
            var caller = context.User.FindFirstValue(IdentityClaims.KeyPrefix) is { } prefix
                ? "key:" + prefix
                : "owner:" + context.User.FindFirstValue(ClaimTypes.NameIdentifier);
            return FixedWindow(caller, limits.Key);
        }

        var client = ClientNetwork(context.Connection.RemoteIpAddress);
        return path.StartsWithSegments("/websub") ? FixedWindow("websub:" + client, limits.WebSub) : FixedWindow("ip:" + client, limits.Anonymous);
    }

    /// <summary>An IPv4 address as it is; an IPv6 one by its /64, which one subscriber line usually holds whole.</summary>
    private static string ClientNetwork(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static RateLimitPartition<string> FixedWindow(string key, RateLimit limit) =>
        limit.PermitLimit == 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = limit.Window,
                QueueLimit = 0,
            });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var detail = "Too many requests from this caller; try again later.";
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = (long)Math.Ceiling(Math.Max(retryAfter.TotalSeconds, 1));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail = $"Too many requests from this caller; try again in {seconds} s.";
        }

        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail).ExecuteAsync(context);
    }
}
