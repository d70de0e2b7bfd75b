using System.Reflection;

namespace BriWatch.Api.Dashboard;

/// <summary>
/// The dashboard is a static page, its script and its styles over the JSON API, embedded so every host that maps the
/// API serves it. The files hold no data (the page signs in and reads everything through the API), so they are public.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        ("/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
            app.MapGet(path, () => Results.File(content, contentType)).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("BriWatch.Api.Dashboard." + resource)
            ?? throw new InvalidOperationException($"The dashboard's {resource} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
