using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.ServiceDefaults;
using BriWatch.Storage.Deliveries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace BriWatch.Alerting.Tests;

/// <summary>Alerting's readiness turns Degraded, saying why, while deliveries are dead-lettering.</summary>
public sealed class DeadDeliveriesReadinessTests
{
    [Fact]
    public async Task Ready_is_degraded_naming_the_latest_dead_delivery_once_one_went_dead_within_the_window()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        using var host = Build(directory);
        await host.StartAsync(ct);
        var store = host.Services.GetRequiredService<IDeliveryStore>();
        var now = TimeProvider.System.GetUtcNow();
        // Dead two hours ago: outside the one-hour window, so it does not count.
        await DeadAsync(store, "dlv-old", now.AddHours(-3), now.AddHours(-2), ct);

        var before = await ReadyAsync(host, ct);
        await DeadAsync(store, "dlv-new", now.AddHours(-1), now, ct);
        var after = await ReadyAsync(host, ct);

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal("0 dead deliveries in the last 1 h", before.Entries["deliveries"].Description);
        Assert.Equal(HealthStatus.Degraded, after.Status);
        Assert.Equal(
            "1 deliveries went dead in the last 1 h (more than 0); latest dlv-new to webhook https://hooks.example.org/x: Gave up after 9 attempts; last: HTTP 500",
            after.Entries["deliveries"].Description);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task Dead_deliveries_up_to_the_threshold_keep_alerting_healthy()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        using var host = Build(directory, ("Alerting:DeadDeliveryThreshold", "1"));
        await host.StartAsync(ct);
        var now = TimeProvider.System.GetUtcNow();
        await DeadAsync(host.Services.GetRequiredService<IDeliveryStore>(), "dlv-1", now.AddHours(-1), now, ct);

        var report = await ReadyAsync(host, ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries["deliveries"].Status);
        await host.StopAsync(ct);
    }

    private static IHost Build(TempDirectory directory, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(directory.Path, "briwatch.db"),
            ["Alerting:SendEndpointTestEvents"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.AddServiceDefaults();
        builder.AddAlertingServices();
        builder.AddBusAndScheduler();
        return builder.Build();
    }

    private static Task<HealthReport> ReadyAsync(IHost host, CancellationToken ct) =>
        host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(HostingExtensions.ReadyTag), ct);

    private static async Task DeadAsync(IDeliveryStore store, string id, DateTimeOffset created, DateTimeOffset died, CancellationToken ct)
    {
        Assert.True(await store.TryCreateAsync(
            new Delivery
            {
                Id = id,
                SubscriptionId = "sub-1",
                StoryId = "story-" + id,
                ArticleId = "art-" + id,
                Channel = "webhook",
                Target = "https://hooks.example.org/x",
                Payload = "{}",
                CreatedAt = created,
                NextAttemptAt = created,
            },
            ct));
        Assert.True(await store.RecordAttemptAsync(new DeliveryAttempt(id, DeliveryState.Dead, 9, died, died, "Gave up after 9 attempts; last: HTTP 500"), ct));
    }
}
