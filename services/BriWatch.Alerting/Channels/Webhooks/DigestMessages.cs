using System.Text.Json;
using BriWatch.Alerting.Alerts;

namespace BriWatch.Alerting.Channels.Webhooks;

/// <summary>A digest in the body format its webhook asks for (<c>WebhookChannel.Format</c>).</summary>
internal static class DigestMessages
{
    public static string Render(string? format, DigestPayload digest) =>
        (format ?? WebhookFormats.Standard).ToLowerInvariant() switch
        {
            WebhookFormats.Slack => Slack(digest),
            WebhookFormats.Teams => Teams(digest),
            _ => digest.ToJson(),
        };

    private static string Heading(DigestPayload digest) =>
        $"BriWatch {digest.Period.Mode} digest for '{digest.SubscriptionName}': {digest.Items.Count} {(digest.Items.Count == 1 ? "item" : "items")}";

    private static string Slack(DigestPayload digest)
    {
        var blocks = new List<object> { new { type = "header", text = new { type = "plain_text", text = Heading(digest) } } };
        foreach (var topic in DigestGroups.Of(digest.Items))
        {
            foreach (var country in topic.Countries)
            {
                var lines = country.Items.Select(i => Marked(i, $"• <{SlackEscape(i.Url)}|{SlackEscape(i.Title)}> ({SlackEscape(i.SourceId)})", d => $"*{SlackEscape(d)}*"));
                blocks.Add(new { type = "section", text = new { type = "mrkdwn", text = $"*{SlackEscape(topic.Topic)} · {SlackEscape(country.Country)}*\n{string.Join("\n", lines)}" } });
            }
        }

        return JsonSerializer.Serialize(new { text = Heading(digest), blocks });
    }

    private static string Teams(DigestPayload digest)
    {
        var body = new List<object> { new { type = "TextBlock", text = Heading(digest), weight = "Bolder", size = "Medium", wrap = true } };
        foreach (var topic in DigestGroups.Of(digest.Items))
        {
            foreach (var country in topic.Countries)
            {
                body.Add(new { type = "TextBlock", text = $"{topic.Topic} · {country.Country}", weight = "Bolder", wrap = true });
                body.AddRange(country.Items.Select(i => new { type = "TextBlock", text = Marked(i, $"[{i.Title}]({i.Url}) ({i.SourceId})", d => $"**{d}**"), wrap = true }));
            }
        }

        return TeamsMessage.Card(body);
    }

    /// <summary>The item's line, followed by its new development in <paramref name="emphasis"/> when it is one.</summary>
    private static string Marked(ArticleMatchedData item, string line, Func<string, string> emphasis) =>
        item.Development is { } development ? $"{line} — {emphasis(development.Describe())}" : line;

    // Slack's mrkdwn treats these three as control characters.
    private static string SlackEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
