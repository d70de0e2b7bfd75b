using System.Text.Json;
using BriWatch.Alerting.Channels.Webhooks;

namespace BriWatch.Host.Demo;

/// <summary>The demo's webhook endpoint: verifies each alert's signature as a real receiver must, then prints it.</summary>
internal sealed class DemoReceiver(TimeProvider time, ILogger<DemoReceiver> logger)
{
    /// <summary>The demo subscription's secret, set once the subscription exists.</summary>
    public string? Secret { get; set; }

    public async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        if (Secret is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Demo receiver not ready");
        }

        var failure = WebhookSignature.Verify(
            Secret,
            request.Headers[WebhookSignature.IdHeader].ToString(),
            request.Headers[WebhookSignature.TimestampHeader].ToString(),
            body,
            request.Headers[WebhookSignature.SignatureHeader].ToString(),
            time.GetUtcNow(),
            WebhookSignature.DefaultTolerance);
        if (failure is not null)
        {
            logger.LogWarning("Demo receiver rejected a webhook: {Reason}", failure);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Bad signature", detail: failure);
        }

        if (body.Contains("\"type\":\"webhook.test\"", StringComparison.Ordinal))
        {
            logger.LogInformation("Demo receiver: test event for the new endpoint received, signature verified");
            return Results.NoContent();
        }

        logger.LogInformation("ALERT (signature verified) {Summary}", Describe(body));
        return Results.NoContent();
    }

    private static string Describe(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var article = root.TryGetProperty("data", out var data) ? data : root;
            return string.Join(
                " | ",
                new[] { "title", "url", "score", "topics", "countries" }
                    .Where(name => article.TryGetProperty(name, out _))
                    .Select(name => $"{name}: {article.GetProperty(name)}"));
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
