namespace BriWatch.ServiceDefaults.Networking;

/// <summary>
/// Sends a request again, once, when it failed on a pooled connection its peer had already closed: the peer closed or
/// reset the connection before any byte of an answer, on a connection this request did not open itself. That is the
/// keep-alive race (the peer's idle timer fires as our request arrives), and such a request was not processed by the
/// receiving application. Safe for the clients that use it: crawler requests are GETs, and webhook POSTs carry the same
/// <c>webhook-id</c> on every send, so a Standard Webhooks receiver drops a duplicate even in the rare case where the
/// peer did read it. A failure on a fresh connection, a refused connect, a timeout or any answer is never retried here;
/// those go to the caller's own retry schedule. SocketsHttpHandler resends a bodiless request in this case by itself,
/// but not one whose body it had sent, such as a webhook POST: that is the case this handler exists for.
/// </summary>
public sealed class StaleConnectionRetryHandler : DelegatingHandler
{
    public StaleConnectionRetryHandler()
    {
    }

    public StaleConnectionRetryHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (IsStaleConnection(request, e) && !cancellationToken.IsCancellationRequested)
        {
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static bool IsStaleConnection(HttpRequestMessage request, HttpRequestException e) =>
        PooledConnections.Classify(e) == HttpFailureKind.ClosedBeforeResponse
        && !PooledConnections.OpenedItsOwnConnection(request)
        && request.Content is null or ByteArrayContent;
}
