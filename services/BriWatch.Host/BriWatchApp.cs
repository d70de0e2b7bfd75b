using BriWatch.Alerting;
using BriWatch.Api;
using BriWatch.Classifier;
using BriWatch.Crawler;
using BriWatch.Host.Demo;
using BriWatch.ServiceDefaults;

namespace BriWatch.Host;

/// <summary>Composes the four services in one process: one bus (in-memory unless configured), one store (SQLite unless configured).</summary>
internal static class BriWatchApp
{
    public static WebApplication Build(HostSettings settings, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "briwatch",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(settings.Urls);

        // Defaults first, so appsettings, environment variables and the caller's overrides still win.
        // The Data Protection key ring (webhook secrets at rest, session cookies) lives beside the database it unlocks, so
        // the two are backed up and moved together.
        var databasePath = Path.GetFullPath(settings.DatabasePath);
        var defaults = new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = databasePath,
            ["DataProtection:KeyRingPath"] = Path.Combine(Path.GetDirectoryName(databasePath)!, "dataprotection-keys"),
        };
        if (settings.Demo)
        {
            foreach (var (key, value) in DemoSetup.Configuration)
            {
                defaults[key] = value;
            }
        }

        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.Configuration.AddLocalSecrets();

        builder.AddServiceDefaults();
        builder.AddCrawlerServices();
        builder.AddClassifierServices();
        builder.AddAlertingServices();
        builder.AddApiServices();
        if (settings.Demo)
        {
            builder.AddDemo();
        }

        builder.AddBusAndScheduler();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapCrawlerEndpoints();
        app.MapApiEndpoints();
        app.MapAlertingEndpoints();
        if (settings.Demo)
        {
            app.MapDemoEndpoints();
        }

        return app;
    }
}
