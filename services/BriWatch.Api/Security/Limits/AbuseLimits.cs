using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BriWatch.Api.Security.Limits;

/// <summary>
/// What stands between the network and the endpoints: forwarded headers from known proxies, security headers, CORS
/// (off unless origins are listed), body size limits, JSON-only state changes and rate limits. Settings in
/// <see cref="ApiOptions"/> (<c>Api:BodyLimits</c>, <c>Api:RateLimits</c>, <c>Api:Cors</c>, <c>Api:KnownProxies</c>).
/// </summary>
public static class AbuseLimits
{
    public static IServiceCollection AddAbuseLimits(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ApiOptions>, Validator>();
        services.AddApiRateLimits();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<ApiOptions>>((cors, api) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins(api.Value.Cors.Origins)
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
                .WithHeaders("Authorization", "Content-Type")
                .WithExposedHeaders("Location", "Retry-After")
                // Bearer keys only: a listed origin still cannot ride on a signed-in operator's session cookie.
                .DisallowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>First in the pipeline: the public scheme, host and client address, then headers every answer carries, then CORS.</summary>
    public static WebApplication UseEdgeProtection(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        if (options.KnownProxies.Length > 0)
        {
            app.UseForwardedHeaders(ForwardedHeadersFrom(options.KnownProxies));
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (options.Cors.Origins.Length > 0)
        {
            app.UseCors();
        }

        return app;
    }

    /// <summary>Before authentication: oversized bodies (413) and non-JSON state changes (415) are refused unread.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<JsonOnlyMiddleware>();
        return app;
    }

    /// <summary>After authentication (partitions are per key) and before authorization (refused keys count too).</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>X-Forwarded-For, -Proto and -Host, believed only from these addresses (not even from loopback otherwise).</summary>
    private static ForwardedHeadersOptions ForwardedHeadersFrom(IEnumerable<string> proxies)
    {
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        return forwarded;
    }

    private sealed class Validator : IValidateOptions<ApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiOptions options)
        {
            var problems = EdgeOptionsValidation.Problems(options).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
