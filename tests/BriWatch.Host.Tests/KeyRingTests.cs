using BriWatch.Host.Demo;
using BriWatch.Host.Tests.Support;
using BriWatch.Storage.Subscriptions;
using Microsoft.Data.Sqlite;

namespace BriWatch.Host.Tests;

/// <summary>The all-in-one host keeps its Data Protection key ring beside its database, so encrypted secrets survive restarts.</summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("briwatch-keyring-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(directory, "briwatch.db");

    [Fact]
    public async Task A_restarted_demo_host_decrypts_the_webhook_secret_it_stored_encrypted_beside_its_key_ring()
    {
        var first = await RunDemoUntilSeededAsync();

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(directory, "dataprotection-keys"), "key-*.xml"));
        var stored = await StoredWebhookAsync();
        Assert.Contains($"\"secret\":\"{WebhookSecretProtector.Marker}", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(first["whsec_".Length..], stored, StringComparison.Ordinal);

        Assert.Equal(first, await RunDemoUntilSeededAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Starts the demo host on the test's folder, waits until its subscription is stored, stops it; the receiver's secret.</summary>
    private async Task<string> RunDemoUntilSeededAsync()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Crawler:SourcesFile"] = Path.Combine(directory, "no-seed-sources.yaml"),
        };
        var app = BriWatchApp.Build(new HostSettings("http://127.0.0.1:0", Demo: true, DatabasePath), configuration);
        await app.StartAsync(Ct);
        try
        {
            var receiver = app.Services.GetRequiredService<DemoReceiver>();
            var subscriptions = app.Services.GetRequiredService<ISubscriptionStore>();
            await Eventually.HoldsAsync(
                async () => receiver.Secret is not null && (await subscriptions.ListAsync(DemoSetup.SubscriptionOwner, Ct)).Count == 1,
                Deadlines.Event,
                "the demo subscription is stored");
            var read = (await subscriptions.ListAsync(DemoSetup.SubscriptionOwner, Ct)).Single().Webhook!;
            Assert.Null(read.SecretUnreadable);
            Assert.Equal(receiver.Secret, read.Secret);
            return read.Secret;
        }
        finally
        {
            await app.StopAsync(Ct);
            await app.DisposeAsync();
        }
    }

    private async Task<string> StoredWebhookAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT webhook FROM subscriptions WHERE owner = 'demo';";
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
