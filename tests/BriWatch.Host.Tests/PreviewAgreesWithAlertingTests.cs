using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary>
/// The preview and live alerting over the same articles in the all-in-one host: the preview lists exactly the articles
/// a subscription was alerted on, each with the summary its alert carried.
/// </summary>
public sealed class PreviewAgreesWithAlertingTests : IAsyncLifetime
{
    // A lower-case "or" is the operator in both paths (it once was a word both searched for, and nothing matched).
    private const string Query = "hydro or \"solar park\"";
    private static readonly TimeSpan Patience = Deadlines.Event;
    private readonly SignedWebhookReceiver everythingReceiver = new();
    private readonly SignedWebhookReceiver queriedReceiver = new();
    private LoopbackServer feeds = null!;
    private LoopbackServer webhooks = null!;
    private RunningHost host = null!;

    public async ValueTask InitializeAsync()
    {
        feeds = await LoopbackServer.StartAsync(app =>
            app.MapGet("/feed.xml", (HttpContext context) => Results.Text(Feed($"http://{context.Request.Host}"), "application/rss+xml")));
        webhooks = await LoopbackServer.StartAsync(app =>
        {
            everythingReceiver.Map(app, "/everything");
            queriedReceiver.Map(app, "/queried");
        });
        host = await RunningHost.StartAsync(
            demo: false,
            new Dictionary<string, string?>
            {
                ["Crawler:AllowPrivateNetworks"] = "true",
                ["Crawler:FetchArticlePages"] = "false",
                ["Alerting:AllowPrivateNetworks"] = "true",
                ["Api:MinPollInterval"] = "00:00:00.500",
            });
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await feeds.DisposeAsync();
        await webhooks.DisposeAsync();
    }

    [Fact]
    public async Task Preview_lists_exactly_the_articles_alerted_on_with_the_summaries_the_alerts_carried()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateSubscriptionAsync("Everything", null, "/everything", ct);
        var queried = await CreateSubscriptionAsync("Hydro or solar parks", Query, "/queried", ct);
        var source = await host.Api.PostAsJsonAsync(
            "/api/sources",
            new { id = "agreement-feed", name = "Agreement feed", url = feeds.Url("/feed.xml"), kind = "rss", language = "en", pollInterval = "00:00:00.500" },
            ct);
        Assert.Equal(HttpStatusCode.Created, source.StatusCode);

        // Once every item has alerted the subscription to everything, each article has been matched against both.
        await Eventually.HoldsAsync(() => Task.FromResult(everythingReceiver.Alerts.Count == Items.Length), Patience, $"all {Items.Length} items alert the subscription to everything");

        var response = await host.Api.PostAsync($"/api/subscriptions/{queried}/preview", null, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var previewed = preview["items"]!.AsArray()
            .Select(i => (Title: i!["title"]!.GetValue<string>(), Summary: i["summary"]!.GetValue<string>()))
            .OrderBy(i => i.Title, StringComparer.Ordinal)
            .ToList();

        await Eventually.HoldsAsync(
            () => Task.FromResult(Alerted(queriedReceiver).SequenceEqual(previewed)),
            Patience,
            $"the alerts of '{Query}' are the previewed articles with their summaries; previewed: {string.Join(", ", previewed.Select(p => p.Title))}");
        Assert.Equal(previewed.Count, preview["matched"]!.GetValue<int>());

        // Only the item with "solar park" in its summary: "hydrogen" straddles the 300-character cut, and a cut inside
        // it would leave the word "hydro"; the other "solar park" lies past the cut, so no query sees it.
        var (title, summary) = Assert.Single(previewed);
        Assert.Equal(Items[1].Title, title);
        Assert.EndsWith("…", summary, StringComparison.Ordinal);
    }

    private static List<(string Title, string Summary)> Alerted(SignedWebhookReceiver receiver) =>
        receiver.Alerts
            .Select(a => JsonNode.Parse(a.Body)!["data"]!)
            .Select(d => (Title: d["title"]!.GetValue<string>(), Summary: d["summary"]!.GetValue<string>()))
            .OrderBy(a => a.Title, StringComparer.Ordinal)
            .ToList();

    private async Task<string> CreateSubscriptionAsync(string name, string? query, string path, CancellationToken ct)
    {
        var response = await host.Api.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "agreement", name, query, relevantOnly = false, minScore = 0, webhook = new { url = webhooks.Url(path) } },
            ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
    }

    /// <summary>Four items, each a story of its own (distinct words), placed around the summary's 300-character cut.</summary>
    private static readonly (string Title, string Text)[] Items =
    [
        ("Electrolyser maker expands in Egypt",
            Words(["electrolyser", "factory", "Egypt", "Suez", "zone", "investment", "capacity", "workers", "export", "equipment"], 295)
            + "hydrogen electrolysers will ship from the zone next year to European buyers"),
        ("Brazil and China sign photovoltaic deal",
            "The solar park in Bahia "
            + Words(["Brazil", "China", "Bahia", "megawatts", "grid", "connection", "financing", "bank", "panels", "tender"], 320)),
        ("Desert energy zone announced",
            Words(["desert", "Namibia", "Walvis", "Bay", "harbour", "pipeline", "ammonia", "terminal", "consortium", "study"], 320)
            + "and a solar park beside the harbour"),
        ("Ministers discuss tariffs", "Ministers met in Kazan to discuss tariffs on steel and grain."),
    ];

    private static string Feed(string baseUrl)
    {
        var xml = new StringBuilder($"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Agreement feed</title><link>{baseUrl}/</link>""");
        for (var i = 0; i < Items.Length; i++)
        {
            xml.Append($"<item><title>{Items[i].Title}</title><link>{baseUrl}/news/{i}</link><guid isPermaLink=\"false\">agreement-{i}</guid><description>{Items[i].Text}</description></item>");
        }

        return xml.Append("</channel></rss>").ToString();
    }

    /// <summary>Exactly <paramref name="length"/> characters of the words, single-spaced, ending in a space.</summary>
    private static string Words(string[] vocabulary, int length)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            var word = vocabulary[i % vocabulary.Length];
            var left = length - text.Length;
            // Leave room for at least a one-letter word and its space, which ends the text exactly at the length.
            text.Append(left == word.Length + 1 || left >= word.Length + 3 ? word : new string('o', left - 1)).Append(' ');
        }

        return text.ToString();
    }
}
