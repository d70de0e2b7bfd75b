using System.Net.Sockets;
using BriWatch.ServiceDefaults.Networking;

namespace BriWatch.ServiceDefaults.Tests;

public sealed class PooledConnectionsTests
{
    [Fact]
    public void A_refused_or_unresolvable_connect_is_could_not_connect()
    {
        Assert.Equal(HttpFailureKind.CouldNotConnect, PooledConnections.Classify(
            new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal(HttpFailureKind.CouldNotConnect, PooledConnections.Classify(
            new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
    }

    [Fact]
    public void A_response_that_ended_or_a_reset_before_any_answer_is_closed_before_response()
    {
        Assert.Equal(HttpFailureKind.ClosedBeforeResponse, PooledConnections.Classify(
            new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")));
        Assert.Equal(HttpFailureKind.ClosedBeforeResponse, PooledConnections.Classify(
            new HttpRequestException("Error while copying content", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)))));
    }

    [Fact]
    public void Any_other_request_failure_is_neither()
    {
        Assert.Equal(HttpFailureKind.Other, PooledConnections.Classify(
            new HttpRequestException(HttpRequestError.InvalidResponse, "The server returned an invalid or unrecognized response.")));
    }
}
