using System.Net;
using System.Net.Sockets;
using System.Text;
using BriWatch.Crawler.Tests.Support;

namespace BriWatch.Crawler.Tests.Fetching;

/// <summary>
/// Feed and article-page fetches over a raw loopback server that keeps HTTP/1.0 connections half open. For these
/// bodiless GETs SocketsHttpHandler's own retry on a reused connection already resends; the test pins that the
/// production pipeline (pool timeouts, <c>StaleConnectionRetryHandler</c>) keeps it so.
/// </summary>
public sealed class StaleConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Server_that_keeps_http10_connections_half_open_answers_every_fetch()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dropped = 0;
        var serving = ServeAsync(listener, () => Interlocked.Increment(ref dropped), Ct);
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/feed");
        var fetcher = Fetchers.Create();

        for (var i = 0; i < 15; i++)
        {
            var document = await fetcher.FetchAsync(url, null, null, Ct);
            Assert.Contains("<rss", Encoding.UTF8.GetString(document.Body), StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromMilliseconds(i % 3 == 2 ? 1300 : 40), Ct);
        }

        Assert.True(Volatile.Read(ref dropped) > 0, "No request arrived on a kept-alive connection, so the scenario was not exercised.");
        listener.Stop();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Answers the first request of each connection with HTTP/1.0 and no <c>Connection: close</c>, then keeps the socket
    /// open, idle, for a second; a request arriving in that window is closed unanswered, as by a server whose keep-alive
    /// timer fired as it arrived.
    /// </summary>
    private static async Task ServeAsync(TcpListener listener, Action onDropped, CancellationToken cancellationToken)
    {
        const string Body = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
        var response = Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {Body.Length}\r\n\r\n{Body}");
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    try
                    {
                        await ReadHeadAsync(stream, cancellationToken);
                        await stream.WriteAsync(response, cancellationToken);
                        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        idle.CancelAfter(TimeSpan.FromSeconds(1));
                        if (await ReadHeadAsync(stream, idle.Token))
                        {
                            onDropped();
                        }
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                    {
                        // The idle window passed or the test ended: the connection closes either way.
                    }
                }
            }, cancellationToken);
        }
    }

    /// <returns>True when a request head arrived, false when the client closed first.</returns>
    private static async Task<bool> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return false;
            }

            head.Append((char)one[0]);
        }

        return true;
    }
}
