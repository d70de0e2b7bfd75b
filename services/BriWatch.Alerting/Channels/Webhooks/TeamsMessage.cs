using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Channels.Webhooks;

/// <summary>An alert as a Microsoft Teams message with one Adaptive Card (what Teams incoming webhooks and Workflows accept).</summary>
internal static class TeamsMessage
{
    public static string Render(ArticleClassified article, Subscription subscription, StoryDevelopment? development)
    {
        var body = new List<object>();
        if (development is not null)
        {
            body.Add(new { type = "TextBlock", text = development.Describe(), weight = "Bolder", color = "Accent", wrap = true });
        }

        body.AddRange(
        [
            new { type = "TextBlock", text = article.Title, weight = "Bolder", size = "Medium", wrap = true },
            new { type = "TextBlock", text = article.Summary, wrap = true },
            new
            {
                type = "FactSet",
                facts = new object[]
                {
                    new { title = "Topics", value = string.Join(", ", article.Topics) },
                    new { title = "Countries", value = string.Join(", ", article.Countries) },
                    new { title = "Score", value = article.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) },
                    new { title = "Subscription", value = subscription.Name },
                },
            },
        ]);
        if (article.Evidence.Count > 0)
        {
            body.Add(new { type = "TextBlock", text = "Evidence: " + string.Join(" … ", article.Evidence.Select(e => $"“{e}”")), wrap = true, isSubtle = true });
        }

        return Card(body, [new { type = "Action.OpenUrl", title = "Read the article", url = article.CanonicalUrl }]);
    }

    /// <summary>A Teams message carrying one Adaptive Card of <paramref name="body"/>'s elements and, when given, <paramref name="actions"/>.</summary>
    public static string Card(IReadOnlyList<object> body, object[]? actions = null)
    {
        var card = new Dictionary<string, object>
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (actions is not null)
        {
            card["actions"] = actions;
        }

        return JsonSerializer.Serialize(new
        {
            type = "message",
            attachments = new object[] { new { contentType = "application/vnd.microsoft.card.adaptive", content = card } },
        });
    }
}
