using BriWatch.Alerting.Alerts;
using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Channels.Webhooks;

/// <summary>The body formats a webhook channel can ask for (<c>WebhookChannel.Format</c>).</summary>
public static class WebhookFormats
{
    /// <summary>Standard Webhooks JSON: <see cref="ArticleMatchedPayload"/>.</summary>
    public const string Standard = "standard";

    /// <summary>A Slack incoming-webhook message (text plus Block Kit blocks).</summary>
    public const string Slack = "slack";

    /// <summary>A Microsoft Teams incoming-webhook / Workflows message carrying an Adaptive Card.</summary>
    public const string Teams = "teams";

    public static readonly IReadOnlyList<string> All = [Standard, Slack, Teams];

    /// <summary>Null when <paramref name="format"/> is known, else why not (for a 400 answer).</summary>
    public static string? Validate(string? format) =>
        format is null || All.Contains(format, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"Unknown webhook format '{format}'; use one of {string.Join(", ", All)}.";

    /// <exception cref="ArgumentException">The format is unknown; the message lists the known ones.</exception>
    /// <param name="development">Set when the alert is for a new development of a story alerted on before.</param>
    public static string Render(string? format, ArticleClassified article, Subscription subscription, StoryDevelopment? development = null) =>
        (format ?? Standard).ToLowerInvariant() switch
        {
            Standard => ArticleMatchedPayload.From(article, subscription, development).ToJson(),
            Slack => SlackMessage.Render(article, subscription, development),
            Teams => TeamsMessage.Render(article, subscription, development),
            _ => throw new ArgumentException(Validate(format), nameof(format)),
        };

    internal static string Facts(ArticleClassified article) =>
        $"Topics: {string.Join(", ", article.Topics)} · Countries: {string.Join(", ", article.Countries)} · Score: {article.Score:0.00}";
}
