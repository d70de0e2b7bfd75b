using BriWatch.Matching.Query;
using BriWatch.Matching.Vocabulary;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Api.Subscriptions;

public sealed record SubscriptionRequest(
    string? Owner,
    string? Name,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Countries,
    double? MinScore,
    bool? RelevantOnly,
    string? Query,
    SubscriptionMode? Mode,
    WebhookRequest? Webhook,
    EmailChannel? Email,
    bool? Enabled,
    string? TimeZone = null,
    string? DigestTime = null,
    string? DigestDay = null,
    QuietHoursRequest? QuietHours = null,
    int? DailyCap = null)
{
    /// <param name="allowPrivateNetworks">
    /// Webhook URLs may name loopback, private or link-local IP addresses (tests and <c>--demo</c> only); see
    /// <see cref="WebhookTargets"/>.
    /// </param>
    internal Validation Validate(bool allowPrivateNetworks = false)
    {
        var validation = new Validation();
        validation.RequireText("owner", Owner);
        validation.RequireText("name", Name);
        ValidateFilters(validation);
        ValidateChannels(validation, allowPrivateNetworks);
        ScheduleRules.Validate(validation, TimeZone, DigestTime, DigestDay, QuietHours, DailyCap);
        return validation;
    }

    /// <summary>What the subscription matches: topics, countries, minimum score, mode and query.</summary>
    private void ValidateFilters(Validation validation)
    {
        // A null entry ("countries":[null]) would be stored and then break matching for every subscriber.
        for (var i = 0; i < (Topics?.Count ?? 0); i++)
        {
            var topic = Topics![i];
            if (string.IsNullOrWhiteSpace(topic))
            {
                validation.Add("topics", $"topics[{i}] is null or blank; list topic ids such as energy_new.");
            }
            else if (!QueryVocabulary.IsTopic(topic))
            {
                validation.Add("topics", QueryVocabulary.Unknown(topic, "topic", QueryVocabulary.Topics) + ".");
            }
        }

        for (var i = 0; i < (Countries?.Count ?? 0); i++)
        {
            var country = Countries![i];
            if (string.IsNullOrWhiteSpace(country))
            {
                validation.Add("countries", $"countries[{i}] is null or blank; list ISO 3166-1 alpha-2 codes such as CN or BR.");
            }
            else
            {
                validation.OptionalCountry("countries", country);
            }
        }

        // NaN and infinities compare false with every bound, so they need their own check.
        if (MinScore is { } minScore && (!double.IsFinite(minScore) || minScore is < 0 or > 1))
        {
            validation.Add("minScore", "minScore must be a number between 0 and 1.");
        }

        if (Mode is { } mode && !Enum.IsDefined(mode))
        {
            validation.Add("mode", "mode must be instant, digestHourly, digestDaily or digestWeekly.");
        }

        if (!string.IsNullOrWhiteSpace(Query) && !SubscriptionQuery.TryParse(Query, out _, out var queryError, knownValuesOnly: true))
        {
            validation.Add("query", queryError!.Message);
        }
    }

    /// <summary>Where alerts go: at least one channel, each of them well formed.</summary>
    private void ValidateChannels(Validation validation, bool allowPrivateNetworks)
    {
        if (Webhook is null && Email is null)
        {
            validation.Add("webhook", "a subscription needs a channel: webhook or email.");
        }

        if (Webhook is not null)
        {
            validation.RequireHttpUrl("webhook.url", Webhook.Url);
            if (!allowPrivateNetworks && WebhookTargets.NonPublicAddress(Webhook.Url) is { } address)
            {
                validation.Add(
                    "webhook.url",
                    $"webhook.url points at {address}, a loopback, private, link-local or otherwise non-public address; alerts are only sent to public endpoints.");
            }
            if (Webhook.Secret is not null && !WebhookChannel.IsValidSecret(Webhook.Secret))
            {
                validation.Add("webhook.secret", "webhook.secret must be whsec_ followed by base64 of at least 16 bytes; omit it to have one generated.");
            }

            if (Webhook.Format is not null && Webhook.Format is not ("standard" or "slack" or "teams"))
            {
                validation.Add("webhook.format", "webhook.format must be standard, slack or teams.");
            }
        }

        if (Email is not null && (string.IsNullOrWhiteSpace(Email.Address) || !System.Net.Mail.MailAddress.TryCreate(Email.Address, out _)))
        {
            validation.Add("email.address", "email.address must be an email address.");
        }
    }

    /// <param name="feedToken">The token the subscription keeps (a new one on create): requests never set it.</param>
    /// <param name="existingWebhook">
    /// The stored webhook on update: its secret is kept unless the request sets one, and a webhook disabled after a 410
    /// Gone stays disabled while the URL is unchanged; a new URL is a new endpoint, enabled (and sent a test event).
    /// </param>
    internal Subscription ToSubscription(string id, WebhookChannel? existingWebhook, string? feedToken, DateTimeOffset createdAt, DateTimeOffset now) => new()
    {
        Id = id,
        Owner = Owner!.Trim(),
        Name = Name!.Trim(),
        Topics = Topics?.Distinct(StringComparer.Ordinal).ToArray() ?? [],
        Countries = Countries?.Distinct(StringComparer.Ordinal).ToArray() ?? [],
        MinScore = MinScore ?? 0,
        RelevantOnly = RelevantOnly ?? true,
        Query = string.IsNullOrWhiteSpace(Query) ? null : Query,
        Mode = Mode ?? SubscriptionMode.Instant,
        Webhook = Webhook is null ? null : ToWebhook(Webhook, existingWebhook),
        Email = Email,
        Enabled = Enabled ?? true,
        CreatedAt = createdAt,
        UpdatedAt = now,
        FeedToken = feedToken,
        TimeZone = TimeZone ?? Subscription.DefaultTimeZone,
        DigestTime = DigestTime is null ? Subscription.DefaultDigestTime : ScheduleRules.ParseTime(DigestTime)!.Value,
        DigestDay = DigestDay is null ? DayOfWeek.Monday : ScheduleRules.ParseDay(DigestDay)!.Value,
        QuietHours = QuietHours is null ? null : new QuietHours(ScheduleRules.ParseTime(QuietHours.Start)!.Value, ScheduleRules.ParseTime(QuietHours.End)!.Value),
        DailyCap = DailyCap,
    };

    /// <summary>
    /// True when the request leaves the webhook's secret to be generated: no secret given and none to keep (no webhook
    /// before, or one whose secret can no longer be decrypted). The answer then shows the new secret, its only time.
    /// </summary>
    internal static bool GeneratesSecret(WebhookRequest? webhook, WebhookChannel? existingWebhook) =>
        webhook is { Secret: null } && existingWebhook is not { SecretUnreadable: null };

    /// <summary>
    /// A kept secret keeps its rotation's previous secret too; a secret the request sets replaces both at once (rotating
    /// with an overlap is what <c>POST …/webhook-secret</c> is for).
    /// </summary>
    private static WebhookChannel ToWebhook(WebhookRequest webhook, WebhookChannel? existingWebhook)
    {
        var kept = existingWebhook is { SecretUnreadable: null } readable
            && (webhook.Secret is null || string.Equals(webhook.Secret, readable.Secret, StringComparison.Ordinal))
            ? readable
            : null;
        return new WebhookChannel(
            webhook.Url!,
            webhook.Secret ?? kept?.Secret ?? WebhookChannel.GenerateSecret(),
            webhook.Format ?? "standard",
            Disabled: existingWebhook is { Disabled: true } old && string.Equals(old.Url, webhook.Url, StringComparison.Ordinal))
        {
            PreviousSecret = kept?.PreviousSecret,
            PreviousSecretExpiresAt = kept?.PreviousSecretExpiresAt,
        };
    }
}

/// <param name="Start">Local time (HH:mm) quiet hours begin.</param>
/// <param name="End">Local time (HH:mm) they end; before <paramref name="Start"/> when they wrap midnight.</param>
public sealed record QuietHoursRequest(string? Start, string? End);

/// <param name="Secret">Omit to have a secret generated (or, on update, kept).</param>
public sealed record WebhookRequest(string? Url, string? Secret, string? Format);
