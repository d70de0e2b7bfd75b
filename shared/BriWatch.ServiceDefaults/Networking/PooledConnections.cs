using System.Net.Sockets;

namespace BriWatch.ServiceDefaults.Networking;

/// <summary>
/// Connection-pool settings and failure vocabulary shared by the outbound clients that call user-supplied URLs
/// (webhooks, feeds, article pages), so none of them sends a real attempt over a connection its peer has closed.
/// </summary>
public static class PooledConnections
{
    /// <summary>
    /// Below the keep-alive timeouts servers commonly use (nginx 75 s, Apache 5 s is the exception, Node 5 s, IIS 120 s):
    /// an idle connection is dropped by us before most peers drop it under us. The one-time retry in
    /// <see cref="StaleConnectionRetryHandler"/> covers the peers that close sooner.
    /// </summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Bounds how long a connection lives at all, so DNS changes are picked up and no peer holds one forever.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly HttpRequestOptionsKey<bool> OpenedOwnConnection = new("BriWatch.OpenedOwnConnection");

    /// <summary>
    /// Wraps a handler's connect step (the SSRF guard stays in it) to note on the request that triggered a new
    /// connection that it did, so a failure on it is not mistaken for a stale pooled connection.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> MarkingNewConnections(
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect)
    {
        ArgumentNullException.ThrowIfNull(connect);
        return (context, token) =>
        {
            context.InitialRequestMessage.Options.Set(OpenedOwnConnection, true);
            return connect(context, token);
        };
    }

    internal static bool OpenedItsOwnConnection(HttpRequestMessage request) =>
        request.Options.TryGetValue(OpenedOwnConnection, out var opened) && opened;

    /// <summary>How a request failed before any answer arrived.</summary>
    public static HttpFailureKind Classify(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            return HttpFailureKind.CouldNotConnect;
        }

        if (exception.HttpRequestError is HttpRequestError.ResponseEnded)
        {
            return HttpFailureKind.ClosedBeforeResponse;
        }

        var socketError = FindSocketError(exception);
        if (socketError is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            return HttpFailureKind.ClosedBeforeResponse;
        }

        return exception.HttpRequestError is HttpRequestError.ConnectionError || socketError is not null
            ? HttpFailureKind.CouldNotConnect
            : HttpFailureKind.Other;
    }

    private static SocketError? FindSocketError(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}

/// <summary>The failures of a request that got no answer, as the attempt log names them.</summary>
public enum HttpFailureKind
{
    /// <summary>No connection: DNS, refused, unreachable, TLS handshake. Nothing was sent.</summary>
    CouldNotConnect,

    /// <summary>A connection was open but the peer closed or reset it before any byte of an answer.</summary>
    ClosedBeforeResponse,

    /// <summary>Anything else, e.g. a malformed answer.</summary>
    Other,
}
