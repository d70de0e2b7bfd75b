using BriWatch.ServiceDefaults;

namespace BriWatch.Api;

public static class ApiServiceExtensions
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapApiEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        return app;
    }
}
