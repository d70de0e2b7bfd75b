using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BriWatch.Alerting.Alerts;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BriWatch.Alerting.Channels.Email;

/// <summary>Turns a stored <c>article.matched</c> or <c>digest</c> payload into the alert email: HTML with a plain-text alternative and one-click unsubscribe headers.</summary>
public sealed class AlertEmailComposer(UnsubscribeTokens tokens, IOptions<AlertingOptions> options, TimeProvider time)
{
    public const string UnsubscribePath = "/alerts/unsubscribe";

    /// <exception cref="FormatException">The payload is neither an <c>article.matched</c> nor a <c>digest</c> body.</exception>
    public MimeMessage Compose(string deliveryId, MailboxAddress recipient, string payload)
    {
        var digest = DigestPayload.TryRead(payload);
        var data = digest is null ? Read(payload) : null;
        var settings = options.Value;
        var token = tokens.Create(digest?.SubscriptionId ?? data!.SubscriptionId, DeliveryChannels.Email);
        var unsubscribeUrl = $"{settings.PublicBaseUrl!.TrimEnd('/')}{UnsubscribePath}?token={Uri.EscapeDataString(token)}";

        var message = new MimeMessage();
        message.From.Add(settings.Smtp.Sender);
        message.To.Add(recipient);
        message.Subject = digest is not null ? DigestEmailBody.Subject(digest) : (data!.Development is null ? "BriWatch: " : "BriWatch update: ") + data.Title;
        message.Date = time.GetUtcNow();

        // The same Message-Id on every attempt lets mail systems drop a duplicate after an ambiguous failure.
        message.MessageId = $"{deliveryId}@briwatch";
        var unsubscribe = $"<{unsubscribeUrl}>";
        if (settings.Smtp.UnsubscribeMailbox is { } mailbox)
        {
            unsubscribe += $", <mailto:{MailboxAddress.Parse(mailbox).Address}?subject={Uri.EscapeDataString("unsubscribe " + token)}>";
        }

        message.Headers.Add("List-Unsubscribe", unsubscribe);
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Body = digest is not null
            ? new BodyBuilder { TextBody = DigestEmailBody.Text(digest, unsubscribeUrl), HtmlBody = DigestEmailBody.Html(digest, unsubscribeUrl) }.ToMessageBody()
            : new BodyBuilder { TextBody = Text(data!, unsubscribeUrl), HtmlBody = Html(data!, unsubscribeUrl) }.ToMessageBody();
        return message;
    }

    private static ArticleMatchedData Read(string payload)
    {
        ArticleMatchedPayload? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<ArticleMatchedPayload>(payload, ArticleMatchedPayload.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The stored email payload is not valid JSON: {e.Message}", e);
        }

        return parsed is { Type: ArticleMatchedPayload.EventType, Data: { } data } && !string.IsNullOrEmpty(data.SubscriptionId)
            ? data
            : throw new FormatException($"The stored email payload is not an {ArticleMatchedPayload.EventType} event with a subscription id.");
    }

    private static IEnumerable<(string Label, string Value)> Facts(ArticleMatchedData data) =>
    [
        .. data.Development is { } development ? new[] { ("Update", development.Describe()) } : [],
        ("Score", data.Score.ToString("0.00", CultureInfo.InvariantCulture)),
        ("Topics", Join(data.Topics)),
        ("Countries", Join(data.Countries)),
        ("Source", data.SourceId),
        ("Published", data.Published?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "unknown"),
    ];

    private static string Join(IReadOnlyList<string>? values) => values is { Count: > 0 } ? string.Join(", ", values) : "none";

    private static string Text(ArticleMatchedData data, string unsubscribeUrl)
    {
        var text = new StringBuilder()
            .AppendLine(data.Title)
            .AppendLine(data.Url)
            .AppendLine();
        if (!string.IsNullOrWhiteSpace(data.Summary))
        {
            text.AppendLine(data.Summary).AppendLine();
        }

        foreach (var (label, value) in Facts(data))
        {
            text.AppendLine($"{label}: {value}");
        }

        if (data.Evidence is { Count: > 0 })
        {
            text.AppendLine().AppendLine("Evidence:");
            foreach (var span in data.Evidence)
            {
                text.AppendLine($"- \"{span}\"");
            }
        }

        return text.AppendLine()
            .AppendLine($"You get this because of your BriWatch subscription '{data.SubscriptionName}'.")
            .AppendLine($"Unsubscribe: {unsubscribeUrl}")
            .ToString();
    }

    private static string Html(ArticleMatchedData data, string unsubscribeUrl)
    {
        static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">")
            .Append($"<h2><a href=\"{E(data.Url)}\">{E(data.Title)}</a></h2>");
        if (!string.IsNullOrWhiteSpace(data.Summary))
        {
            html.Append($"<p>{E(data.Summary)}</p>");
        }

        html.Append("<table>");
        foreach (var (label, value) in Facts(data))
        {
            html.Append($"<tr><th align=\"left\">{E(label)}</th><td>{E(value)}</td></tr>");
        }

        html.Append("</table>");
        if (data.Evidence is { Count: > 0 })
        {
            html.Append("<h3>Evidence</h3><ul>");
            foreach (var span in data.Evidence)
            {
                html.Append($"<li><q>{E(span)}</q></li>");
            }

            html.Append("</ul>");
        }

        return html
            .Append($"<p style=\"color:#666\">You get this because of your BriWatch subscription &lsquo;{E(data.SubscriptionName)}&rsquo;. ")
            .Append($"<a href=\"{E(unsubscribeUrl)}\">Unsubscribe</a></p></body></html>")
            .ToString();
    }
}
