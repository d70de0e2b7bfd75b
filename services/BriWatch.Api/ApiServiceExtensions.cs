using System.Text.Json;
using System.Text.Json.Serialization;
using BriWatch.Api.Articles;
using BriWatch.Api.Dashboard;
using BriWatch.Api.Deliveries;
using BriWatch.Api.Feeds;
using BriWatch.Api.Identity;
using BriWatch.Api.Reference;
using BriWatch.Api.Security;
using BriWatch.Api.Security.Limits;
using BriWatch.Api.Sources;
using BriWatch.Api.Stories;
using BriWatch.Api.Subscriptions;
using BriWatch.Api.Taxonomy;
using BriWatch.Storage;

namespace BriWatch.Api;

public static class ApiServiceExtensions
{
    /// <summary>The API's endpoints' services, its stores, JSON and problem-details settings.</summary>
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddBriWatchStorage(builder.Configuration);
        // The API encrypts the secrets it is given, so it holds the shared key ring and may encrypt old clear ones.
        builder.Services.AddStoredSecretsEncryption();
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddApiSecurity();
        builder.Services.AddAbuseLimits();
        builder.Services.AddApiDocument();
        builder.Services.AddSingleton<SubscriptionPreview>();
        builder.Services.AddSingleton<SubscriptionFeed>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Enum names only: an integer ("mode": 42) would bind to a value no code handles and be stored as "42".
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // Numbers must be JSON numbers: the web default also reads "NaN", "Infinity" and "0.5" strings.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // An unknown property ("topic" for "topics") is a 400 naming it: ignored, it left the filter unset and the
            // subscription matched everything.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });

        // Binding failures (bad JSON, wrong types, unparseable query parameters) become 400 problems naming the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }

    public static WebApplication MapApiEndpoints(this WebApplication app)
    {
        app.UseEdgeProtection();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLimits();
        app.UseApiSecurity();
        app.MapApiReference();
        var api = app.MapGroup("/api");
        api.MapSessionEndpoints();
        api.MapArticleEndpoints();
        api.MapStoryEndpoints();
        api.MapSourceEndpoints();
        api.MapSubscriptionEndpoints();
        api.MapDeliveryEndpoints();
        api.MapIdentityEndpoints();
        api.MapTaxonomyEndpoints();
        app.MapFeedEndpoints();
        app.MapDashboard();
        return app;
    }
}
