using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BriWatch.Api.Reference;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and the interactive reference (Scalar) at <c>/docs</c>. The document
/// lists the public contract only: <c>/api/…</c> and the subscription feeds. Health, metrics, the dashboard's files, WebSub
/// callbacks, unsubscribe links and the demo are the running system's, not the API's, and an allow-list keeps a new
/// internal route out without each one having to remember to exclude itself.
/// </summary>
internal static class ApiReference
{
    public const string DocsPath = "/docs";

    /// <summary>The security scheme every non-anonymous operation requires: an API key as a bearer token.</summary>
    public const string BearerScheme = "bearer";

    private static readonly string[] PublicPrefixes = ["api/", "feeds/"];

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.ShouldInclude = description => description.RelativePath is { } path && PublicPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal));
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "BriWatch API";
            document.Info.Description = "BRICS and Belt and Road industrial cooperation news: articles, sources, subscriptions and their deliveries. "
                + "Send an API key as `Authorization: Bearer <key>`. GET /api/taxonomy lists the topics, countries, stages and query fields.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (briwatch api-key create, or POST /api/me/keys) sent as Authorization: Bearer <key>.",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                return Task.CompletedTask;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            return Task.CompletedTask;
        });
    });

    /// <summary>The document and <c>/docs</c>, both anonymous: the reference is how a caller learns to get a key.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        // Scalar's script is served from the package (no CDN); its default fonts and telemetry would call out, so both are off.
        app.MapScalarApiReference(DocsPath, o => o
                .WithTitle("BriWatch API")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .AddPreferredSecuritySchemes(BearerScheme))
            .AllowAnonymous();
        return app;
    }
}
