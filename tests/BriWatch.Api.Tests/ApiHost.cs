using Microsoft.AspNetCore.Mvc.Testing;

namespace BriWatch.Api.Tests;

/// <summary>
/// The API service built from its real Program.cs by <see cref="WebApplicationFactory{TEntryPoint}"/>, with a throwaway
/// SQLite file; served in memory, or on Kestrel at 127.0.0.1 for a client outside the process (a browser).
/// </summary>
public class ApiHost : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("briwatch-api-").FullName;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly bool _onLoopback;
    private ApiFactory _factory = null!;

    public ApiHost()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Configuration on top of the defaults, for tests of a setting.</param>
    internal ApiHost(IReadOnlyDictionary<string, string?> settings)
        : this(settings, onLoopback: false)
    {
    }

    private protected ApiHost(IReadOnlyDictionary<string, string?> settings, bool onLoopback)
    {
        _settings = settings;
        _onLoopback = onLoopback;
    }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public ValueTask InitializeAsync()
    {
        _factory = new ApiFactory(_settings.Append(new("Storage:Sqlite:Path", Path.Combine(_directory, "api.db"))));
        if (_onLoopback)
        {
            _factory.UseKestrel(0);
        }

        _factory.StartServer();
        Client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Client.Dispose();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Program.cs with the tests' settings.</summary>
    private sealed class ApiFactory(IEnumerable<KeyValuePair<string, string?>> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // The environment a deployment runs in, not the factory's default Development.
            builder.UseEnvironment(Environments.Production);
            // Host settings (not ConfigureAppConfiguration): AddApiServices reads the storage settings while Program
            // composes its builder.
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

/// <summary>The API on a real loopback port, for tests whose client is another process.</summary>
public sealed class LoopbackApiHost() : ApiHost(new Dictionary<string, string?>(), onLoopback: true);
