using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Channels.Webhooks;

/// <summary>An alert as a Slack incoming-webhook message: a plain <c>text</c> fallback and Block Kit blocks.</summary>
internal static class SlackMessage
{
    public static string Render(ArticleClassified article, Subscription subscription, StoryDevelopment? development)
    {
        var link = $"<{Escape(article.CanonicalUrl)}|{Escape(article.Title)}>";
        var blocks = new List<object>();
        if (development is not null)
        {
            blocks.Add(new { type = "section", text = new { type = "mrkdwn", text = $"*{Escape(development.Describe())}*" } });
        }

        blocks.Add(new { type = "section", text = new { type = "mrkdwn", text = $"*{link}*\n{Escape(article.Summary)}" } });
        blocks.Add(new { type = "context", elements = new object[] { new { type = "mrkdwn", text = Escape(WebhookFormats.Facts(article)) } } });
        if (article.Evidence.Count > 0)
        {
            blocks.Add(new { type = "context", elements = new object[] { new { type = "mrkdwn", text = "Evidence: " + Escape(string.Join(" … ", article.Evidence.Select(e => $"“{e}”"))) } } });
        }

        blocks.Add(new { type = "context", elements = new object[] { new { type = "mrkdwn", text = $"BriWatch · {Escape(subscription.Name)} · story {Escape(article.StoryId)}" } } });
        var text = development is null ? $"{article.Title} {article.CanonicalUrl}" : $"{development.Describe()}: {article.Title} {article.CanonicalUrl}";
        return JsonSerializer.Serialize(new { text, blocks });
    }

    // Slack's mrkdwn treats these three as control characters.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
