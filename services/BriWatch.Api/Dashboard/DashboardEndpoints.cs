using System.Reflection;

namespace BriWatch.Api.Dashboard;

/// <summary>The dashboard is one static page over the JSON API, embedded so every host that maps the API serves it.</summary>
internal static class DashboardEndpoints
{
    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("BriWatch.Api.Dashboard.index.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.File(Page.Value, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }
}
