using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BriWatch.Alerting.Alerts;
using BriWatch.ServiceDefaults.Networking;
using Microsoft.Extensions.Options;

namespace BriWatch.Alerting.Channels.Webhooks;

/// <summary>Sends one signed Standard Webhooks request and classifies the answer.</summary>
public sealed class WebhookSender(IHttpClientFactory httpClientFactory, TimeProvider time, IOptions<AlertingOptions> options)
{
    public const string HttpClientName = "BriWatch.Alerting.Webhooks";

    private const int MaxErrorBodyChars = 300;

    /// <param name="id">The delivery id: the same on every attempt so receivers can deduplicate.</param>
    /// <param name="secrets">The endpoint's signing secrets, current first: the message carries one signature per secret.</param>
    /// <param name="traceParent">Sent as <c>traceparent</c> only when no Activity is current to propagate its own.</param>
    public async Task<SendResult> SendAsync(string id, string url, IReadOnlyList<string> secrets, string body, string? traceParent, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return new(SendOutcome.Fail, null, $"The webhook URL '{url}' is not an absolute http(s) URL.", null);
        }

        string signature;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            signature = WebhookSignature.Sign(secrets, id, timestamp, body);
        }
        catch (FormatException e)
        {
            return new(SendOutcome.Fail, null, e.Message, null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, id);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, signature);
        if (System.Diagnostics.Activity.Current is null && traceParent is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        var timeout = options.Value.WebhookTimeout;

        // The timeout runs on the injected clock so tests can expire it without waiting.
        using var timeoutCts = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return await ClassifyAsync(response, linked.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new(SendOutcome.Retry, null, $"Timed out: no answer within {timeout.TotalSeconds:0.###} s.", null);
        }
        catch (HttpRequestException e) when (FindBlocked(e) is { } blocked)
        {
            return new(SendOutcome.Fail, null, $"Refused to connect: {blocked.Reason}", null);
        }
        catch (HttpRequestException e)
        {
            return new(SendOutcome.Retry, null, DescribeFailure(uri, e), null);
        }
    }

    /// <param name="readToken">Bounds reading the error body by what is left of the attempt's timeout.</param>
    /// <param name="callerToken">The caller's own token: only its cancellation escapes; anything else about the body is cosmetic.</param>
    private async Task<SendResult> ClassifyAsync(HttpResponseMessage response, CancellationToken readToken, CancellationToken callerToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return new(SendOutcome.Delivered, status, null, null);
        }

        // The status decides the outcome; the body only decorates the error, so a body that stalls or breaks after a
        // 410 or 4xx must not turn it into a timeout retry.
        var error = $"HTTP {status} {response.ReasonPhrase}{await ReadBodyExcerptAsync(response, readToken, callerToken)}".TrimEnd();
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        return status switch
        {
            (int)HttpStatusCode.Gone => new(SendOutcome.Gone, status, error + "; the endpoint is now disabled.", null),
            408 or 429 => new(SendOutcome.Retry, status, error, retryAfter),
            >= 400 and < 500 => new(SendOutcome.Fail, status, error, null),
            >= 300 and < 400 => new(SendOutcome.Retry, status, $"{error} (redirects are not followed; point the endpoint at {response.Headers.Location})", retryAfter),
            _ => new(SendOutcome.Retry, status, error, retryAfter),
        };
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static async Task<string> ReadBodyExcerptAsync(HttpResponseMessage response, CancellationToken readToken, CancellationToken callerToken)
    {
        try
        {
            var buffer = new char[MaxErrorBodyChars];
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(readToken), Encoding.UTF8);
            var read = await reader.ReadBlockAsync(buffer, readToken);
            var text = new string(buffer, 0, read).ReplaceLineEndings(" ").Trim();
            return text.Length == 0 ? "" : $": {text}";
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException && !callerToken.IsCancellationRequested)
        {
            return e is OperationCanceledException ? " (the body did not arrive in time)" : "";
        }
    }

    private static BlockedDestinationException? FindBlocked(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is BlockedDestinationException blocked)
            {
                return blocked;
            }
        }

        return null;
    }

    /// <summary>The attempt log's words for a request that got no answer: nothing sent, or the connection lost before one.</summary>
    private static string DescribeFailure(Uri uri, HttpRequestException e)
    {
        var authority = uri.GetLeftPart(UriPartial.Authority);
        return PooledConnections.Classify(e) switch
        {
            HttpFailureKind.CouldNotConnect => $"Could not connect to {authority}: {Describe(e)}",
            HttpFailureKind.ClosedBeforeResponse => $"Connection reset before response from {authority}: {Describe(e)}",
            _ => $"Request to {authority} failed: {Describe(e)}",
        };
    }

    private static string Describe(HttpRequestException e)
    {
        var inner = e.InnerException?.Message;
        return inner is null || e.Message.Contains(inner, StringComparison.Ordinal) ? e.Message : $"{e.Message} ({inner})";
    }
}
