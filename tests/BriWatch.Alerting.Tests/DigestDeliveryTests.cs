using System.Text.Json;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Digests;
using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Alerting.Tests;

/// <summary>
/// Digests end to end: held matches, each subscription's digest trigger fired at fake times, a real Kestrel receiver
/// checking signatures and a real maildev. 2026: Europe/Berlin springs forward on 29 March, America/New_York falls
/// back on 1 November.
/// </summary>
public sealed class DigestDeliveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static Subscription DailyDigest(string url, string secret, string zone, int hour, int minute = 0) =>
        TestData.Subscription("sub-1", url, secret, topics: []) with
        {
            Mode = SubscriptionMode.DigestDaily,
            TimeZone = zone,
            DigestTime = new TimeOnly(hour, minute),
        };

    private static async Task<AlertingTestHost> StartAtAsync(DateTimeOffset start, Dictionary<string, string?>? settings = null) =>
        await AlertingTestHost.StartAsync(new FakeTimeProvider(start), settings: settings);

    /// <summary>Moves the clock to <paramref name="at"/> and fires the digest triggers due then; returns how many fired.</summary>
    private static async Task<int> FireAtAsync(AlertingTestHost host, DateTimeOffset at)
    {
        host.Time.SetUtcNow(at);
        return await host.FireDueDigestTriggersAsync();
    }

    [Fact]
    public async Task Daily_digest_goes_out_at_eight_local_on_the_spring_forward_day_as_one_signed_webhook_with_every_item()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        await host.Subscriptions.CreateAsync(DailyDigest(receiver.Url, receiver.Secret, "Europe/Berlin", 8), Ct);

        await host.PublishAndConsumeAsync(TestData.Article("story-1", articleId: "art-1"));
        await host.PublishAndConsumeAsync(TestData.Article("story-2", topics: ["trade"], countries: ["ZA"], articleId: "art-2"));
        await host.PublishAndConsumeAsync(TestData.Article("story-1", articleId: "art-1"));

        Assert.Empty(await host.Deliveries.ListAsync("sub-1", null, 10, Ct));
        Assert.Equal(Utc(3, 29, 6), await host.DigestTriggerAsync("sub-1")); // 08:00 CEST, armed when the first match was held
        Assert.Equal(0, await FireAtAsync(host, Utc(3, 29, 5, 59))); // 07:59 CEST: not yet
        Assert.Empty(receiver.Received);

        Assert.Equal(1, await FireAtAsync(host, Utc(3, 29, 6)));

        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid, "The receiver's own check rejected the signature.");
        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.Equal("digest", root.GetProperty("type").GetString());
        Assert.Equal("daily", root.GetProperty("period").GetProperty("mode").GetString());
        Assert.Equal("Europe/Berlin", root.GetProperty("period").GetProperty("timeZone").GetString());
        Assert.Equal("2026-03-28T08:00:00+01:00", root.GetProperty("period").GetProperty("start").GetString());
        Assert.Equal("2026-03-29T08:00:00+02:00", root.GetProperty("period").GetProperty("end").GetString());
        Assert.Equal(["story-1", "story-2"], root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("storyId").GetString()));
        Assert.Equal("sign solar park deal", root.GetProperty("items")[0].GetProperty("evidence")[0].GetString());

        var delivery = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal((DeliveryState.Delivered, DigestIds.StoryKey(Utc(3, 29, 6)), received.Id), (delivery.State, delivery.StoryId, delivery.Id));
        Assert.Equal(Utc(3, 30, 6), await host.DigestTriggerAsync("sub-1")); // re-armed for the next day's 08:00 CEST
        Assert.Equal(1, await FireAtAsync(host, Utc(3, 30, 6)));
        Assert.Single(receiver.Received);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-28T10:00Z", "2026-03-29T06:00Z")] // spring forward: 08:00 CEST
    [InlineData("Europe/Berlin", "2026-10-24T10:00Z", "2026-10-25T07:00Z")] // fall back: 08:00 CET
    [InlineData("America/New_York", "2026-03-07T14:00Z", "2026-03-08T12:00Z")] // spring forward: 08:00 EDT
    [InlineData("America/New_York", "2026-10-31T14:00Z", "2026-11-01T13:00Z")] // fall back: 08:00 EST
    public async Task Daily_digest_goes_out_at_eight_local_on_both_daylight_saving_change_days(string zone, string start, string due)
    {
        var dueAt = DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture);
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        await host.Subscriptions.CreateAsync(DailyDigest(receiver.Url, receiver.Secret, zone, 8), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(dueAt, await host.DigestTriggerAsync("sub-1"));
        Assert.Equal(0, await FireAtAsync(host, dueAt.AddMinutes(-1)));
        Assert.Equal(1, await FireAtAsync(host, dueAt));

        using var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("08:00", body.RootElement.GetProperty("period").GetProperty("end").GetDateTimeOffset().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Daily_digest_at_a_time_the_spring_forward_change_skips_goes_out_an_hour_later()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        await host.Subscriptions.CreateAsync(DailyDigest(receiver.Url, receiver.Secret, "Europe/Berlin", 2, 30), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Equal(Utc(3, 29, 1, 30), await host.DigestTriggerAsync("sub-1")); // 03:30 CEST: 02:30 never happened
        Assert.Equal(0, await FireAtAsync(host, Utc(3, 29, 1, 29)));
        Assert.Equal(1, await FireAtAsync(host, Utc(3, 29, 1, 30)));

        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Daily_digest_at_a_time_the_fall_back_change_repeats_goes_out_once_in_new_york()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(10, 31, 12));
        await host.Subscriptions.CreateAsync(DailyDigest(receiver.Url, receiver.Secret, "America/New_York", 1, 30), Ct);
        await host.PublishAndConsumeAsync(TestData.Article("story-1"));

        Assert.Equal(1, await FireAtAsync(host, Utc(11, 1, 5, 30))); // 01:30 EDT
        await host.PublishAndConsumeAsync(TestData.Article("story-2", articleId: "art-2"));
        Assert.Equal(Utc(11, 2, 6, 30), await host.DigestTriggerAsync("sub-1")); // not 01:30 EST, the same wall-clock time again
        Assert.Equal(0, await FireAtAsync(host, Utc(11, 1, 6, 30)));

        Assert.Equal(1, await FireAtAsync(host, Utc(11, 2, 6, 30))); // 01:30 EST the next day carries the later story
        Assert.Equal(2, receiver.Received.Count);
        using var second = JsonDocument.Parse(receiver.Received.Last().Body);
        Assert.Equal("story-2", Assert.Single(second.RootElement.GetProperty("items").EnumerateArray()).GetProperty("storyId").GetString());
    }

    [Fact]
    public async Task Slack_digest_is_one_message_grouping_items_by_topic_and_country()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        var subscription = DailyDigest(receiver.Url, receiver.Secret, "Europe/Berlin", 8);
        await host.Subscriptions.CreateAsync(subscription with { Webhook = subscription.Webhook! with { Format = "slack" } }, Ct);
        await host.PublishAndConsumeAsync(TestData.Article("story-1", articleId: "art-1"));
        await host.PublishAndConsumeAsync(TestData.Article("story-2", topics: ["trade"], countries: ["ZA"], articleId: "art-2"));

        Assert.Equal(1, await FireAtAsync(host, Utc(3, 29, 6)));

        using var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("BriWatch daily digest for 'Name of sub-1': 2 items", body.RootElement.GetProperty("text").GetString());
        var sections = body.RootElement.GetProperty("blocks").EnumerateArray().Skip(1).Select(b => b.GetProperty("text").GetProperty("text").GetString()!).ToList();
        Assert.Equal(2, sections.Count);
        Assert.StartsWith("*energy_new · BR*\n• <https://example.org/news/art-1|", sections[0], StringComparison.Ordinal);
        Assert.StartsWith("*trade · ZA*\n• <https://example.org/news/art-2|", sections[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_with_no_items_sends_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        await host.Subscriptions.CreateAsync(DailyDigest(receiver.Url, receiver.Secret, "Europe/Berlin", 8), Ct);
        await host.SyncDigestTriggersAsync();
        await host.PublishAndConsumeAsync(TestData.Article(topics: ["mining_resources"]) with { Relevant = false });

        Assert.Equal(1, await FireAtAsync(host, Utc(3, 29, 6)));
        Assert.Equal(1, await FireAtAsync(host, Utc(3, 30, 6)));

        Assert.Empty(receiver.Received);
        Assert.Empty(await host.Deliveries.ListAsync("sub-1", null, 10, Ct));
    }

    [Fact]
    public async Task Digest_of_a_subscription_whose_only_endpoint_went_away_is_recorded_as_failed_and_the_subscription_disabled_with_the_reason()
    {
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        var subscription = DailyDigest("https://hooks.example.org/gone", TestData.NewSecret(), "Europe/Berlin", 8);
        await host.Subscriptions.CreateAsync(subscription, Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        // As a 410 from an instant alert of another story would leave it, after the item was held.
        Assert.True(await host.Subscriptions.DisableWebhookAsync("sub-1", "https://hooks.example.org/gone", "gone", Ct));
        await host.Subscriptions.UpdateAsync((await host.Subscriptions.GetAsync("sub-1", Ct))! with { Enabled = true }, Ct);

        host.Time.SetUtcNow(Utc(3, 29, 6));
        Assert.Equal(1, await AssembleAsync(host));

        var recorded = await host.SingleDeliveryAsync("sub-1");
        Assert.Equal(DeliveryState.Failed, recorded.State);
        Assert.Contains("no usable channel", recorded.LastError, StringComparison.Ordinal);
        Assert.Contains("art-1", recorded.Payload, StringComparison.Ordinal);
        var stored = (await host.Subscriptions.GetAsync("sub-1", Ct))!;
        Assert.Equal((false, recorded.LastError), (stored.Enabled, stored.DisabledReason));
    }

    [Fact]
    public async Task Assembling_a_due_digest_again_after_a_crash_creates_no_second_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TestData.NewSecret());
        await using var host = await StartAtAsync(Utc(3, 28, 10));
        await host.Subscriptions.CreateAsync(DailyDigest(receiver.Url, receiver.Secret, "Europe/Berlin", 8), Ct);
        await host.PublishAndConsumeAsync(TestData.Article());
        host.Time.SetUtcNow(Utc(3, 29, 6));
        Assert.Equal(1, await AssembleAsync(host));

        // As a crash after the deliveries were created, before the items were marked sent, leaves them.
        await using (var connection = new SqliteConnection($"Data Source={host.Settings["Storage:Sqlite:Path"]};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE digest_items SET digest_id = NULL;";
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }

        Assert.Equal(1, await AssembleAsync(host));
        Assert.Equal(0, await AssembleAsync(host));

        Assert.Equal(1, await host.DispatchAsync());
        Assert.Single(receiver.Received);
    }

    private static async Task<int> AssembleAsync(AlertingTestHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestAssembler>().AssembleDueAsync("sub-1", Ct);
    }

    [Fact]
    public async Task Email_digest_groups_items_by_topic_and_country_with_evidence_and_source()
    {
        await using var maildev = await MailDevServer.StartAsync();
        var settings = TestData.Smtp(maildev.SmtpPort);
        await using var host = await StartAtAsync(Utc(3, 28, 10), settings);
        await host.Subscriptions.CreateAsync(
            TestData.EmailSubscription("sub-1") with { Topics = [], Mode = SubscriptionMode.DigestWeekly, TimeZone = "Europe/Berlin", DigestDay = DayOfWeek.Monday, DigestTime = new TimeOnly(9, 0) },
            Ct);
        await host.PublishAndConsumeAsync(TestData.Article("story-1", articleId: "art-1"));
        await host.PublishAndConsumeAsync(TestData.Article("story-2", topics: ["trade"], countries: ["ZA"], articleId: "art-2"));
        await host.PublishAndConsumeAsync(TestData.Article("story-3", topics: ["energy_new"], countries: ["ZA"], articleId: "art-3"));

        Assert.Equal(0, await FireAtAsync(host, Utc(3, 30, 6, 59)));
        Assert.Equal(1, await FireAtAsync(host, Utc(3, 30, 7))); // Monday 09:00 CEST

        var message = Assert.Single(await maildev.WaitForMessagesAsync(1));
        Assert.Equal("BriWatch weekly digest: Name of sub-1 (3 items)", message.Subject);
        Assert.Matches(@"^<https://briwatch\.example\.org/alerts/unsubscribe\?token=[^>]+>$", message.Headers["List-Unsubscribe"]);
        var text = message.TextBody;
        Assert.NotNull(text);
        var order = new[] { "== energy_new ==", "-- BR --", "art-1", "-- ZA --", "art-3", "== trade ==", "-- ZA --", "art-2" }
            .Aggregate((Index: 0, Ok: true), (state, part) =>
            {
                var at = text.IndexOf(part, state.Index, StringComparison.Ordinal);
                return (at < 0 ? state.Index : at + part.Length, state.Ok && at >= 0);
            });
        Assert.True(order.Ok, "Items are not grouped by topic then country:\n" + text);
        Assert.Contains("Evidence: \"sign solar park deal\"", text, StringComparison.Ordinal);
        Assert.Contains("Source: source-xinhua", text, StringComparison.Ordinal);
        Assert.Contains("<h2>trade</h2><h3>ZA</h3>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<q>sign solar park deal</q>", message.HtmlBody, StringComparison.Ordinal);
    }
}
