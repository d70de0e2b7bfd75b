using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BriWatch.Storage.Tests;

public sealed class StorageStartupTests
{
    [Fact]
    public async Task Starting_the_host_creates_the_sqlite_database_and_schema_before_any_store_is_used()
    {
        var directory = Directory.CreateTempSubdirectory("briwatch-startup-").FullName;
        var path = Path.Combine(directory, "nested", "briwatch.db");
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = path });
            builder.Services.AddBriWatchStorage(builder.Configuration);
            using var host = builder.Build();

            await host.StartAsync(TestContext.Current.CancellationToken);

            Assert.True(File.Exists(path));
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sources', 'articles', 'subscriptions', 'deliveries')";
            Assert.Equal(4L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_unreachable_mongo_server_does_not_stop_the_host_from_starting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Mongo",
            // Nothing listens on port 1; a short server-selection timeout keeps the test quick.
            ["ConnectionStrings:Mongo"] = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200&connectTimeoutMS=200",
        });
        builder.Services.AddBriWatchStorage(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<Exception>(() => host.Services.GetRequiredService<IStoragePing>().PingAsync(TestContext.Current.CancellationToken));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
