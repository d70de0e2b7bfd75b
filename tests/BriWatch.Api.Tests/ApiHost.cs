using BriWatch.ServiceDefaults;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BriWatch.Api.Tests;

/// <summary>The API service as its Program.cs composes it, on Kestrel at 127.0.0.1 with a throwaway SQLite file.</summary>
public sealed class ApiHost : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("briwatch-api-").FullName;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private WebApplication _app = null!;

    public ApiHost()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Configuration on top of the defaults, for tests of a setting.</param>
    internal ApiHost(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "briwatch-api-tests" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(_directory, "api.db"),
        });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.AddServiceDefaults();
        builder.AddApiServices();
        builder.AddBusAndScheduler();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapApiEndpoints();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
