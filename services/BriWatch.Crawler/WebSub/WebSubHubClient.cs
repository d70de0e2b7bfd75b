using Microsoft.Extensions.Options;
using BriWatch.Storage.WebSub;

namespace BriWatch.Crawler.WebSub;

/// <summary>
/// Sends subscription requests to hubs. Its primary handler is the feed fetcher's, so hub URLs pass the same SSRF guard;
/// redirects are not followed (a hub that redirects a subscription request is treated as refusing it).
/// </summary>
public sealed class WebSubHubClient(HttpClient http, IOptions<CrawlerOptions> options, TimeProvider time)
{
    /// <summary>Asks the hub to (re)subscribe; null when it accepted the request (2xx), else why not, for the log.</summary>
    public async Task<string?> SubscribeAsync(WebSubSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var settings = options.Value;
        var form = new Dictionary<string, string>
        {
            ["hub.mode"] = "subscribe",
            ["hub.topic"] = subscription.Topic,
            ["hub.callback"] = settings.WebSub.Callback(subscription.CallbackToken).AbsoluteUri,
            ["hub.secret"] = subscription.Secret,
            ["hub.lease_seconds"] = ((long)settings.WebSub.Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Hub) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("User-Agent", settings.UserAgent);
        using var deadline = new CancellationTokenSource(settings.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var reason = await ReadPrefixAsync(response.Content, linked.Token);
            return $"hub answered HTTP {(int)response.StatusCode}: {(reason.Length > 200 ? reason[..200] : reason).Trim()}";
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"hub did not answer within {settings.RequestTimeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException ex)
        {
            return $"hub request failed: {ex.InnerException?.Message ?? ex.Message}";
        }
    }

    /// <summary>How much of a refusal's body is read: enough for the log line, never a hostile hub's endless stream.</summary>
    internal const int MaxReasonBytes = 4096;

    private static async Task<string> ReadPrefixAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxReasonBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        // A multi-byte character cut at the end decodes as U+FFFD, which is fine for a log line.
        return System.Text.Encoding.UTF8.GetString(buffer, 0, filled);
    }
}
