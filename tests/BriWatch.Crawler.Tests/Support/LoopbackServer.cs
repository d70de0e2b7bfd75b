using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 with a random port, serving whatever routes the test maps.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackServer(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri Url(string path) => new(BaseUri, path);

    /// <param name="listenAddress">The loopback address to listen on; another 127.0.0.x makes a second host name for host-keyed behaviour.</param>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, string listenAddress = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{listenAddress}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LoopbackServer(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
