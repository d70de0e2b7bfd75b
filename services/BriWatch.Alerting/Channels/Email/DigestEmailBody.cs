using System.Globalization;
using System.Net;
using System.Text;
using BriWatch.Alerting.Alerts;

namespace BriWatch.Alerting.Channels.Email;

/// <summary>
/// A digest email's subject and bodies: items grouped by topic and country, each with its evidence and source, and a
/// story's new development saying so as an instant alert's email does.
/// </summary>
internal static class DigestEmailBody
{
    public static string Subject(DigestPayload digest) =>
        $"BriWatch {digest.Period.Mode} digest: {digest.SubscriptionName} ({Count(digest)})";

    public static string Text(DigestPayload digest, string unsubscribeUrl)
    {
        var text = new StringBuilder()
            .AppendLine($"{Count(digest)} for your BriWatch subscription '{digest.SubscriptionName}', {Period(digest)}.")
            .AppendLine();
        foreach (var topic in DigestGroups.Of(digest.Items))
        {
            text.AppendLine($"== {topic.Topic} ==");
            foreach (var country in topic.Countries)
            {
                text.AppendLine($"-- {country.Country} --");
                foreach (var item in country.Items)
                {
                    text.AppendLine($"* {item.Title}");
                    if (item.Development is { } development)
                    {
                        text.AppendLine($"  {development.Describe()}");
                    }

                    text.AppendLine($"  {item.Url}").AppendLine($"  Source: {item.SourceId} · Score {Score(item)}");
                    foreach (var span in item.Evidence ?? [])
                    {
                        text.AppendLine($"  Evidence: \"{span}\"");
                    }
                }

                text.AppendLine();
            }
        }

        return text.AppendLine($"Unsubscribe: {unsubscribeUrl}").ToString();
    }

    public static string Html(DigestPayload digest, string unsubscribeUrl)
    {
        static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">")
            .Append($"<p>{E(Count(digest))} for your BriWatch subscription &lsquo;{E(digest.SubscriptionName)}&rsquo;, {E(Period(digest))}.</p>");
        foreach (var topic in DigestGroups.Of(digest.Items))
        {
            html.Append($"<h2>{E(topic.Topic)}</h2>");
            foreach (var country in topic.Countries)
            {
                html.Append($"<h3>{E(country.Country)}</h3><ul>");
                foreach (var item in country.Items)
                {
                    html.Append($"<li><a href=\"{E(item.Url)}\">{E(item.Title)}</a>");
                    if (item.Development is { } development)
                    {
                        html.Append($"<br><strong>{E(development.Describe())}</strong>");
                    }

                    html.Append($"<br><small>Source: {E(item.SourceId)} · Score {Score(item)}</small>");
                    if (item.Evidence is { Count: > 0 })
                    {
                        html.Append("<ul>");
                        foreach (var span in item.Evidence)
                        {
                            html.Append($"<li><q>{E(span)}</q></li>");
                        }

                        html.Append("</ul>");
                    }

                    html.Append("</li>");
                }

                html.Append("</ul>");
            }
        }

        return html
            .Append($"<p style=\"color:#666\"><a href=\"{E(unsubscribeUrl)}\">Unsubscribe</a></p></body></html>")
            .ToString();
    }

    private static string Count(DigestPayload digest) => digest.Items.Count == 1 ? "1 item" : $"{digest.Items.Count} items";

    private static string Period(DigestPayload digest) =>
        string.Create(CultureInfo.InvariantCulture, $"{digest.Period.Start:yyyy-MM-dd HH:mm} to {digest.Period.End:yyyy-MM-dd HH:mm} ({digest.Period.TimeZone})");

    private static string Score(ArticleMatchedData item) => item.Score.ToString("0.00", CultureInfo.InvariantCulture);
}
