using System.Net.Http.Headers;
using BriWatch.Storage.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BriWatch.Api.Tests;

/// <summary>
/// The API service built from its real <c>Program</c> (WebApplicationFactory), on Kestrel at 127.0.0.1 so a browser can
/// reach it, with a throwaway SQLite file. <see cref="Client"/> carries an admin's key (most tests are about behaviour,
/// not access); <see cref="ClientForAsync"/> makes other callers.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("briwatch-api-").FullName;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private WebApplicationFactory<Program> factory = null!;

    public ApiHost()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Configuration on top of the defaults, for tests of a setting.</param>
    internal ApiHost(IReadOnlyDictionary<string, string?> settings) => this.settings = settings;

    /// <summary>Signed in as <see cref="AdminOwner"/>, an admin with every scope.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>No credentials at all.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public const string AdminOwner = "admin";

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => factory.Services;

    /// <summary>The throwaway folder holding the database (<c>api.db</c>) and the Data Protection key ring (<c>keys</c>).</summary>
    public string Directory => directory;

    public async ValueTask InitializeAsync()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // Host settings reach Program as command-line arguments, so they are there before its first line reads them.
            builder.UseSetting("Storage:Sqlite:Path", Path.Combine(directory, "api.db"));
            builder.UseSetting("DataProtection:KeyRingPath", Path.Combine(directory, "keys"));
            builder.UseUrls("http://127.0.0.1:0");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Anonymous = new HttpClient { BaseAddress = BaseAddress };
        Client = await ClientForAsync(AdminOwner, UserRole.Admin);
    }

    /// <summary>A client with a new key of <paramref name="owner"/> (created with <paramref name="role"/> if new; an existing owner keeps theirs); every scope the role allows unless given.</summary>
    public async Task<HttpClient> ClientForAsync(string owner, UserRole role = UserRole.Subscriber, ApiKeyScopes? scopes = null) =>
        ClientWithKey(await CreateKeyAsync(owner, role, scopes));

    public HttpClient ClientWithKey(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Stores the user (when new) and a key of theirs, as <c>briwatch api-key create</c> does; the key itself.</summary>
    public async Task<string> CreateKeyAsync(string owner, UserRole role = UserRole.Subscriber, ApiKeyScopes? scopes = null)
    {
        var users = Services.GetRequiredService<IUserStore>();
        if (await users.GetAsync(owner, CancellationToken.None) is { } existing)
        {
            role = existing.Role;
        }
        else
        {
            await users.CreateAsync(new User { OwnerId = owner, DisplayName = owner, Role = role }, CancellationToken.None);
        }

        var all = ApiKeyIssuer.DefaultScopes(role);
        var generated = ApiKeys.Generate();
        var key = new ApiKey { Prefix = generated.Prefix, OwnerId = owner, SecretHash = generated.SecretHash, Scopes = scopes ?? all };
        Assert.True(await Services.GetRequiredService<IApiKeyStore>().CreateAsync(key, CancellationToken.None));
        return generated.Key;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(directory, recursive: true);
    }
}
