using System.Net;
using BriWatch.Host.Tests.Support;
using BriWatch.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BriWatch.Host.Tests;

/// <summary>The all-in-one host composes four services that each register storage: one store, one readiness check.</summary>
public sealed class HostCompositionTests
{
    [Fact]
    public async Task Four_services_adding_storage_give_one_store_check_and_the_host_is_ready()
    {
        await using var host = await RunningHost.StartAsync(demo: false);

        var checks = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var store = Assert.Single(checks, c => c.Name == StorageHealthCheck.Name);
        Assert.Contains(StorageHealthCheck.ReadyTag, store.Tags);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
    }
}
