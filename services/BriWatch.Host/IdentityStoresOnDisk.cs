using BriWatch.Storage;
using BriWatch.Storage.Identity;

namespace BriWatch.Host;

/// <summary>
/// The user, key and audit stores of the database the host would use: <c>--data</c> as the SQLite file, overridden like
/// the host's by <c>Storage__*</c> environment variables (so <c>Storage__Provider=Mongo</c> reaches a MongoDB deployment).
/// </summary>
internal sealed class IdentityStoresOnDisk : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private IdentityStoresOnDisk(ServiceProvider provider)
    {
        this.provider = provider;
        // Checked before any store exists: creating the SQLite storage already makes its folder.
        var options = provider.GetRequiredService<StorageOptions>();
        var path = Path.GetFullPath(options.Sqlite.Path);
        MissingDatabase = options.Provider == StorageProvider.Sqlite && !File.Exists(path) ? path : null;
        Time = provider.GetRequiredService<TimeProvider>();
    }

    /// <summary>
    /// The SQLite file when it does not exist yet. Only <c>create</c> should make one (the first admin of a new install);
    /// listing or revoking in a mistyped path would otherwise quietly create an empty database and find nothing.
    /// </summary>
    public string? MissingDatabase { get; }

    /// <summary>Resolved on first use, so a caller that stops at <see cref="MissingDatabase"/> creates nothing.</summary>
    public IUserStore Users => provider.GetRequiredService<IUserStore>();

    public IApiKeyStore Keys => provider.GetRequiredService<IApiKeyStore>();

    public ApiKeyIssuer Issuer => provider.GetRequiredService<ApiKeyIssuer>();

    public TimeProvider Time { get; }

    public static Task<IdentityStoresOnDisk> OpenAsync(string data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.GetFullPath(data) })
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection().AddBriWatchStorage(configuration);
        return Task.FromResult(new IdentityStoresOnDisk(services.BuildServiceProvider()));
    }

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
