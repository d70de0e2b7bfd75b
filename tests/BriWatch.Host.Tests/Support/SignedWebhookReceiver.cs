using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Host.Tests.Support;

/// <summary>
/// A webhook endpoint that checks the Standard Webhooks signature with its own implementation of the spec
/// (deliberately not BriWatch's), so a signing bug cannot hide behind a matching verification bug.
/// </summary>
internal sealed class SignedWebhookReceiver
{
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Article alerts only, without the <c>webhook.test</c> event sent when an endpoint is added.</summary>
    public IReadOnlyList<ReceivedWebhook> Alerts => Received.Where(r => r.Type == "article.matched").ToList();

    public string? Secret { get; set; }

    public void Map(WebApplication app, string path) =>
        app.MapPost(path, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            var timestamp = request.Headers["webhook-timestamp"].ToString();
            var signature = request.Headers["webhook-signature"].ToString();
            Received.Enqueue(new ReceivedWebhook(id, body, SignatureIsValid(id, timestamp, body, signature), request.Headers["traceparent"].ToString()));
            return Results.NoContent();
        });

    private bool SignatureIsValid(string id, string timestamp, string body, string header)
    {
        if (Secret is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        using var hmac = new HMACSHA256(key);
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return header.Split(' ').Contains(expected);
    }
}

internal sealed record ReceivedWebhook(string Id, string Body, bool SignatureValid, string TraceParent)
{
    public string? Type => System.Text.Json.JsonDocument.Parse(Body).RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;

    /// <summary>The W3C trace id (32 hex) from <c>traceparent: 00-{trace}-{span}-{flags}</c>.</summary>
    public string? TraceId => TraceParent.Split('-') is { Length: 4 } parts ? parts[1] : null;
}
