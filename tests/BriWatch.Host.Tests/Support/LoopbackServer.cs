using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BriWatch.Host.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 with an ephemeral port, for feeds and webhook receivers in tests.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address));
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
