using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using BriWatch.ServiceDefaults.Networking;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Fetching;

/// <summary>
/// Fetches one feed: conditional GET, redirects followed by hand (counted, loops detected), a size cap counted after
/// decompression and one deadline for the whole exchange. The primary handler comes from <see cref="CreateHandler"/>.
/// </summary>
public sealed class FeedFetcher(HttpClient http, HostGate hosts, RobotsCache robots, IOptions<CrawlerOptions> options, TimeProvider time)
{
    private readonly CrawlerOptions options = options.Value;

    /// <exception cref="FetchException">The source could not be fetched; the message says why, for a person.</exception>
    public async Task<FetchedDocument> FetchAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new FetchException($"unsupported URL scheme '{url.Scheme}': only http and https are fetched");
        }

        // Every hop, redirects included, waits for its host's turn and obeys its host's robots.txt: otherwise a redirect
        // (even one the site did not mean as an evasion) would let us hit a host faster than its limit, or a disallowed path.
        HostGate.HostTurn? turn = null;
        string? turnHost = null;
        try
        {
            return await FollowRedirectsAsync(url, etag, lastModified, async (hop, token) =>
            {
                if (!string.Equals(turnHost, hop.IdnHost, StringComparison.OrdinalIgnoreCase))
                {
                    // One turn at a time: holding the first host's turn while waiting for the next could deadlock two
                    // fetches that redirect between the same hosts in opposite directions.
                    turn?.Dispose();
                    turn = null;
                    turn = await hosts.EnterAsync(hop.IdnHost, token);
                    turnHost = hop.IdnHost;
                }

                if (options.RespectRobotsTxt)
                {
                    await CheckRobotsAsync(hop, turn!, token);
                }
            }, cancellationToken);
        }
        finally
        {
            turn?.Dispose();
        }
    }

    /// <summary>The product token robots.txt groups are matched against.</summary>
    private string UserAgentToken => options.UserAgent.Split('/', ' ')[0];

    private async Task CheckRobotsAsync(Uri url, HostGate.HostTurn turn, CancellationToken cancellationToken)
    {
        // robots.txt itself is fetched within the host's turn, following its redirects without further checks (RFC 9309 2.3.1.2).
        var rules = await robots.GetAsync(url, UserAgentToken, (robotsUrl, token) => FollowRedirectsAsync(robotsUrl, null, null, null, token), cancellationToken);
        if (rules.CrawlDelay is { } crawlDelay)
        {
            turn.RequestDelay(crawlDelay);
        }

        if (rules.Unavailable is { } unavailable)
        {
            // A host that cannot be reached at all is reported as itself (DNS, connect), not blamed on its robots.txt.
            throw rules.HostUnreachable
                ? new FetchException(unavailable) { Unreachable = true }
                : new FetchException($"robots.txt unavailable ({unavailable}); not fetching until it can be read");
        }

        if (!rules.IsAllowed(url.PathAndQuery))
        {
            throw new FetchException($"disallowed by {url.GetLeftPart(UriPartial.Authority)}/robots.txt");
        }
    }

    /// <summary>
    /// Follows redirects by hand (counted, loops detected). <paramref name="beforeHop"/> runs before each request, outside
    /// the deadline: waiting for a host's turn is not part of it, because a busy host is not a slow source. The deadline
    /// (<see cref="CrawlerOptions.RequestTimeout"/>) is shared by all hops' requests.
    /// </summary>
    private async Task<FetchedDocument> FollowRedirectsAsync(
        Uri url, string? etag, string? lastModified, Func<Uri, CancellationToken, Task>? beforeHop, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        var current = url;
        var remaining = options.RequestTimeout;
        for (var redirects = 0; ; redirects++)
        {
            if (beforeHop is not null)
            {
                await beforeHop(current, cancellationToken);
            }

            var started = time.GetTimestamp();
            var (document, next) = await WithDeadlineAsync(current, remaining, token => SendAsync(current, etag, lastModified, token), cancellationToken);
            remaining -= time.GetElapsedTime(started);
            if (document is not null)
            {
                return document;
            }

            if (!visited.Add(next!.AbsoluteUri))
            {
                throw new FetchException($"redirect loop: {next.AbsoluteUri} was already visited");
            }

            if (redirects >= options.MaxRedirects)
            {
                throw new FetchException($"too many redirects (more than {options.MaxRedirects})");
            }

            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            {
                throw new FetchException($"redirect to unsupported scheme '{next.Scheme}'");
            }

            current = next;
        }
    }

    private async Task<T> WithDeadlineAsync<T>(Uri url, TimeSpan remaining, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        if (remaining <= TimeSpan.Zero)
        {
            throw new FetchException($"timed out after {options.RequestTimeout.TotalSeconds:0.#} s") { Unreachable = true };
        }

        using var deadline = new CancellationTokenSource(remaining, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await send(linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new FetchException($"timed out after {options.RequestTimeout.TotalSeconds:0.#} s") { Unreachable = true };
        }
        catch (HttpRequestException ex)
        {
            throw new FetchException(Describe(ex, url), null, ex) { Unreachable = true };
        }
    }

    /// <summary>
    /// The socket handler every crawler HttpClient uses: decompression, connect timeout, the SSRF guard and pool timeouts
    /// that retire idle connections before most servers do; put a <see cref="StaleConnectionRetryHandler"/> in front of it.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(CrawlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = PooledConnections.IdleTimeout,
            PooledConnectionLifetime = PooledConnections.Lifetime,
            UseCookies = false,
            // With a proxy, ConnectCallback connects to the proxy and the guard would check the proxy's address instead of
            // the target's: HTTP(S)_PROXY in the environment would silently turn the SSRF guard off.
            UseProxy = false,
            ConnectCallback = PooledConnections.MarkingNewConnections((context, token) => PublicNetworkGuard.ConnectAsync(
                context, options.AllowPrivateNetworks, $"{CrawlerOptions.Section}:{nameof(CrawlerOptions.AllowPrivateNetworks)}", token)),
        };
    }

    /// <summary>One request: the document, or where a redirect points (the caller decides whether to follow it).</summary>
    private async Task<(FetchedDocument? Document, Uri? Redirect)> SendAsync(Uri current, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, current);
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8");
        if (!string.IsNullOrEmpty(etag))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (!string.IsNullOrEmpty(lastModified))
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400 && status != 304)
        {
            var location = response.Headers.Location ?? throw new FetchException($"HTTP {status} redirect without a Location header", status);
            return (null, location.IsAbsoluteUri ? location : new Uri(current, location));
        }

        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return (new FetchedDocument(current, true, [], null, Header(response, "ETag") ?? etag, Header(response, "Last-Modified") ?? lastModified, MaxAge(response)), null);
        }

        if (!response.IsSuccessStatusCode)
        {
            var retryAfter = status is 429 or 503 ? RetryAfter(response) : null;
            throw new FetchException($"HTTP {status} {Reason(response)}", status, retryAfter);
        }

        var body = await ReadCappedAsync(response.Content, cancellationToken);
        var document = new FetchedDocument(
            current,
            false,
            body,
            response.Content.Headers.ContentType?.ToString(),
            Header(response, "ETag"),
            response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture) ?? Header(response, "Last-Modified"),
            MaxAge(response))
        {
            Links = response.Headers.TryGetValues("Link", out var links) ? [.. links] : [],
        };
        return (document, null);
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var cap = options.MaxResponseBytes;
        if (content.Headers.ContentLength > cap && content.Headers.ContentEncoding.Count == 0)
        {
            throw new FetchException($"response larger than {Size(cap)} (Content-Length {content.Headers.ContentLength})");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            // Counted on the decompressed stream, so a small gzip bomb is stopped at the cap too.
            if (buffer.Length + read > cap)
            {
                throw new FetchException($"response larger than {Size(cap)} (after decompression); cut off");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Describe(HttpRequestException ex, Uri url)
    {
        if (ex.Message.StartsWith("refused:", StringComparison.Ordinal) || ex.Message.StartsWith("DNS lookup", StringComparison.Ordinal))
        {
            return ex.Message;
        }

        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case HttpRequestException { Message: var m } when m.StartsWith("refused:", StringComparison.Ordinal) || m.StartsWith("DNS lookup", StringComparison.Ordinal):
                    return m;
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => $"could not connect to {url.Host}:{url.Port} (connection refused)",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"DNS lookup failed for {url.Host}",
                        SocketError.TimedOut => $"could not connect to {url.Host}:{url.Port} (timed out)",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"could not connect to {url.Host}:{url.Port} (unreachable)",
                        var code => $"network error talking to {url.Host}: {code}",
                    };
                case AuthenticationException:
                    return $"TLS handshake with {url.Host} failed: {inner.Message}";
                case TimeoutException:
                    return $"could not connect to {url.Host}:{url.Port} (timed out)";
            }
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => $"{url.Host} closed the connection mid-response",
            HttpRequestError.InvalidResponse => $"{url.Host} sent an invalid HTTP response",
            HttpRequestError.NameResolutionError => $"DNS lookup failed for {url.Host}",
            _ => $"HTTP request to {url.Host} failed: {ex.Message}",
        };
    }

    private static string Reason(HttpResponseMessage response) =>
        string.IsNullOrWhiteSpace(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private TimeSpan? MaxAge(HttpResponseMessage response)
    {
        if (response.Headers.CacheControl is { NoStore: false, MaxAge: { } maxAge })
        {
            return maxAge;
        }

        return response.Content.Headers.Expires is { } expires && expires - time.GetUtcNow() is var fresh && fresh > TimeSpan.Zero ? fresh : null;
    }

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";
}
