using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BriWatch.Host.Tests.Support;

/// <summary>
/// A webhook endpoint that records what it receives; <see cref="ReceivedWebhook.IsSignedWith"/> checks the Standard
/// Webhooks signature with its own implementation of the spec (deliberately not BriWatch's), so a signing bug cannot
/// hide behind a matching verification bug. Checking at assertion time means no race with learning the secret.
/// </summary>
internal sealed class SignedWebhookReceiver
{
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Article alerts only, without the <c>webhook.test</c> event sent when an endpoint is added.</summary>
    public IReadOnlyList<ReceivedWebhook> Alerts => Received.Where(r => r.Type == "article.matched").ToList();

    public void Map(WebApplication app, string path) =>
        app.MapPost(path, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            var timestamp = request.Headers["webhook-timestamp"].ToString();
            var signature = request.Headers["webhook-signature"].ToString();
            Received.Enqueue(new ReceivedWebhook(id, timestamp, signature, body, request.Headers["traceparent"].ToString()));
            return Results.NoContent();
        });
}

internal sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, string TraceParent)
{
    /// <summary>True when one of the <c>v1</c> signatures is the HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> under the secret, sent within 5 minutes.</summary>
    public bool IsSignedWith(string secret)
    {
        if (!long.TryParse(Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        using var hmac = new HMACSHA256(key);
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}")));
        return Signature.Split(' ').Contains(expected);
    }

    public string? Type => System.Text.Json.JsonDocument.Parse(Body).RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;

    /// <summary>The W3C trace id (32 hex) from <c>traceparent: 00-{trace}-{span}-{flags}</c>.</summary>
    public string? TraceId => TraceParent.Split('-') is { Length: 4 } parts ? parts[1] : null;
}
