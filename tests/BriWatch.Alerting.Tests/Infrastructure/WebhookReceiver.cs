using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BriWatch.Alerting.Tests.Infrastructure;

internal sealed record ReceivedWebhook(
    string? Id,
    string? Timestamp,
    string? Signature,
    string Body,
    string? ContentType,
    string? TraceParent,
    bool SignatureValid);

/// <summary>A real Kestrel webhook endpoint on 127.0.0.1 that answers with queued responses (200 when none is queued).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> responses = new();
    private readonly Channel<ReceivedWebhook> arrivals = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly CancellationTokenSource stopping = new();

    private WebhookReceiver(WebApplication app, string secret)
    {
        this.app = app;
        Secret = secret;
    }

    public string Secret { get; }

    public string Url { get; private set; } = "";

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(builder.Build(), secret);
        receiver.app.MapPost("/hook", receiver.HandleAsync);
        await receiver.app.StartAsync(TestContext.Current.CancellationToken);
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address + "/hook";
        return receiver;
    }

    /// <summary>A loopback URL nothing listens on, for a receiver that is down.</summary>
    public static string UnreachableUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/hook";
    }

    public void Enqueue(int status, string? retryAfter = null) => responses.Enqueue(context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return context.Response.WriteAsync($"answer {status}");
    });

    /// <summary>The next request gets no answer until the client gives up.</summary>
    public void EnqueueHang() => responses.Enqueue(async context =>
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client timed out and hung up, which is what this response is for.
        }
    });

    /// <summary>The next request is answered with <paramref name="status"/> only once <paramref name="release"/> completes.</summary>
    public void EnqueueAfter(Task release, int status) => responses.Enqueue(async context =>
    {
        await release.WaitAsync(stopping.Token);
        context.Response.StatusCode = status;
        await context.Response.WriteAsync($"answer {status}");
    });

    /// <summary>
    /// The next request gets <paramref name="status"/> and its headers at once, then a body that never arrives until the
    /// client gives up; <paramref name="headersSent"/> completes once the headers are on the wire.
    /// </summary>
    public void EnqueueStalledBody(int status, TaskCompletionSource headersSent) => responses.Enqueue(async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync();
        await context.Response.Body.FlushAsync();
        headersSent.TrySetResult();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client stopped reading and hung up, which is what this response is for.
        }
    });

    /// <summary>Waits for the next request to arrive (after its body was read, before it is answered).</summary>
    public async Task<ReceivedWebhook> NextAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Deadlines.Event);
        return await arrivals.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers;
        string? id = headers["webhook-id"], timestamp = headers["webhook-timestamp"], signature = headers["webhook-signature"];
        var valid = id is not null && timestamp is not null && signature is not null
            && IndependentSignature.IsValid(Secret, id, timestamp, body, signature);
        var received = new ReceivedWebhook(id, timestamp, signature, body, context.Request.ContentType, headers["traceparent"], valid);
        Received.Enqueue(received);
        arrivals.Writer.TryWrite(received);
        if (responses.TryDequeue(out var respond))
        {
            await respond(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }
}
