using System.Net;
using BriWatch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BriWatch.Alerting.Tests.Infrastructure;

/// <summary>Alerting's HTTP endpoints on a real Kestrel on 127.0.0.1, over the database and settings of an <see cref="AlertingTestHost"/>.</summary>
internal sealed class UnsubscribeEndpointHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private UnsubscribeEndpointHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    public static async Task<UnsubscribeEndpointHost> StartAsync(IDictionary<string, string?> settings, TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(time);
        builder.Services.AddBriWatchStorage(builder.Configuration);
        builder.Services.AddAlertingCore();
        var app = builder.Build();
        app.MapAlertingEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new UnsubscribeEndpointHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
