using System.Text.Json;
using System.Text.Json.Serialization;
using BriWatch.Api.Articles;
using BriWatch.Api.Dashboard;
using BriWatch.Api.Deliveries;
using BriWatch.Api.Feeds;
using BriWatch.Api.Sources;
using BriWatch.Api.Subscriptions;

namespace BriWatch.Api;

public static class ApiServiceExtensions
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section));
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<SubscriptionPreview>();
        builder.Services.AddSingleton<SubscriptionFeed>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        return builder;
    }

    public static WebApplication MapApiEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        var api = app.MapGroup("/api");
        api.MapArticleEndpoints();
        api.MapSourceEndpoints();
        api.MapSubscriptionEndpoints();
        api.MapDeliveryEndpoints();
        app.MapFeedEndpoints();
        app.MapDashboard();
        return app;
    }
}
