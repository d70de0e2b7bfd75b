using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BriWatch.Alerting.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on a raw <see cref="TcpListener"/>, for connection behaviour Kestrel will not produce: HTTP/1.0
/// answers without <c>Connection: close</c> on a socket the receiver then drops, or no answer at all.
/// </summary>
internal sealed class RawHttpReceiver : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Func<int, string?> answer;
    private readonly TimeSpan keepOpenFor;
    private readonly Task accepting;
    private int dropped;

    /// <param name="answer">The raw response to the n-th request on a connection (1-based), or null to close it unanswered.</param>
    /// <param name="keepOpenFor">How long an answered connection stays open, idle, before the receiver closes it.</param>
    private RawHttpReceiver(Func<int, string?> answer, TimeSpan keepOpenFor)
    {
        this.answer = answer;
        this.keepOpenFor = keepOpenFor;
        listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hook";
        accepting = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>The webhook-id of every request answered, in order.</summary>
    public ConcurrentQueue<string> Answered { get; } = new();

    /// <summary>Requests that arrived on a connection the receiver had finished with and were closed unanswered.</summary>
    public int Dropped => Volatile.Read(ref dropped);

    /// <summary>
    /// Answers one request per connection <c>HTTP/1.0 200</c> without <c>Connection: close</c>, then keeps the socket
    /// open, idle, for <paramref name="keepOpenFor"/>: a request arriving in that window is closed unanswered, as by a
    /// server whose keep-alive timer fired as it arrived.
    /// </summary>
    public static RawHttpReceiver HalfOpenKeepAlive(TimeSpan keepOpenFor) =>
        new(n => n == 1 ? "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok" : null, keepOpenFor);

    /// <summary>Accepts connections and reads each request, then closes the connection without a byte of answer.</summary>
    public static RawHttpReceiver ClosingUnanswered() => new(_ => null, TimeSpan.Zero);

    /// <summary>Answers every request with <paramref name="status"/>, closing the connection after it.</summary>
    public static RawHttpReceiver Answering(int status, string reason) =>
        new(_ => $"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", TimeSpan.Zero);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                for (var n = 1; ; n++)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                    if (n > 1)
                    {
                        idle.CancelAfter(keepOpenFor);
                    }

                    var webhookId = await ReadRequestAsync(stream, idle.Token);
                    if (webhookId is null)
                    {
                        return; // the client closed, or the keep-alive window passed
                    }

                    if (answer(n) is not { } response)
                    {
                        Interlocked.Increment(ref dropped);
                        return;
                    }

                    await stream.WriteAsync(Encoding.ASCII.GetBytes(response), stopping.Token);
                    Answered.Enqueue(webhookId);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The window passed or the test ended: closing is the behaviour under test.
            }
        }
    }

    /// <returns>The request's webhook-id header ("" when it has none), or null when the connection ended first.</returns>
    private static async Task<string?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        var headers = head.ToString().Split("\r\n").Skip(1).Select(line => line.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return headers.TryGetValue("webhook-id", out var id) ? id : "";
    }
}
