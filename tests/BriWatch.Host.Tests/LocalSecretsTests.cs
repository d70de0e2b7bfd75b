using BriWatch.Alerting.Alerts;
using Microsoft.Extensions.Options;

namespace BriWatch.Host.Tests;

/// <summary>The all-in-one host makes its unsubscribe signing key once, beside its database, and keeps it; a configured key wins.</summary>
public sealed class LocalSecretsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("briwatch-local-secrets-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Without_a_configured_key_the_host_makes_one_beside_its_database_readable_by_its_owner_only_and_reuses_it()
    {
        var first = await UnsubscribeKeyAsync(configured: null);
        var second = await UnsubscribeKeyAsync(configured: null);

        var file = Path.Combine(directory, "data", LocalSecrets.UnsubscribeKeyFile);
        Assert.True(File.Exists(file));
        Assert.True(first!.Length >= 32);
        Assert.Equal(first, second);
        Assert.Equal(first, (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task A_configured_key_wins_and_no_file_is_made()
    {
        const string configured = "an-operator-chosen-key-of-at-least-32-chars";

        Assert.Equal(configured, await UnsubscribeKeyAsync(configured));
        Assert.False(File.Exists(Path.Combine(directory, "data", LocalSecrets.UnsubscribeKeyFile)));
    }

    private async Task<string?> UnsubscribeKeyAsync(string? configured)
    {
        var settings = new HostSettings("http://127.0.0.1:0", Demo: false, Path.Combine(directory, "data", "briwatch.db"));
        var configuration = new Dictionary<string, string?> { ["Alerting:UnsubscribeSigningKey"] = configured };
        await using var app = BriWatchApp.Build(settings, configuration);
        return app.Services.GetRequiredService<IOptions<AlertingOptions>>().Value.UnsubscribeSigningKey;
    }
}
