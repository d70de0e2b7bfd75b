using System.Net.Http.Headers;
using BriWatch.Host.Demo;
using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BriWatch.Host.Tests.Support;

/// <summary>
/// The all-in-one host on 127.0.0.1 with a throwaway SQLite file, fast ticks and no seed sources. <see cref="Api"/> signs
/// in with an admin key: the one <c>--demo</c> prints, or one made for the test.
/// </summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;

    private RunningHost(WebApplication app, string directory, HttpClient api)
    {
        this.app = app;
        this.directory = directory;
        Api = api;
    }

    public const string AdminOwner = "test-admin";

    public HttpClient Api { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<RunningHost> StartAsync(bool demo, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var directory = Directory.CreateTempSubdirectory("briwatch-host-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Crawler:SchedulerTick"] = "00:00:00.200",
            ["Crawler:SourcesFile"] = Path.Combine(directory, "no-seed-sources.yaml"),
            ["Alerting:DispatchInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = BriWatchApp.Build(new HostSettings("http://127.0.0.1:0", demo, Path.Combine(directory, "briwatch.db")), configuration);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var adminKey = demo
            ? await app.Services.GetRequiredService<DemoAccess>().Key.WaitAsync(Deadlines.Event)
            : await CreateAdminKeyAsync(app.Services);
        var api = new HttpClient { BaseAddress = new Uri(address) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        return new RunningHost(app, directory, api);
    }

    private static async Task<string> CreateAdminKeyAsync(IServiceProvider services)
    {
        await services.GetRequiredService<IUserStore>().CreateAsync(new User { OwnerId = AdminOwner, DisplayName = "Test admin", Role = UserRole.Admin }, CancellationToken.None);
        var generated = ApiKeys.Generate();
        await services.GetRequiredService<IApiKeyStore>().CreateAsync(
            new ApiKey { Prefix = generated.Prefix, OwnerId = AdminOwner, SecretHash = generated.SecretHash, Scopes = ApiKeyIssuer.DefaultScopes(UserRole.Admin) },
            CancellationToken.None);
        return generated.Key;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
