using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>
/// A WebSub hub on loopback implementing the subscriber-facing side of the W3C recommendation: it accepts subscription
/// requests (202), verifies intent by GET to the callback with hub.challenge, and pushes content signed with
/// <c>X-Hub-Signature: sha256=hex(HMAC(secret, body))</c>. It also serves the topic feed at <c>/feed</c>, advertising itself,
/// the same entries without hub links at <c>/bare-feed</c>, and an HTML page at <c>/page</c> that advertises one of them.
/// </summary>
public sealed class LoopbackHub : IAsyncDisposable
{
    private readonly HttpClient http = new();
    private readonly Channel<Verification> verifications = Channel.CreateUnbounded<Verification>();
    private readonly ConcurrentQueue<SubscribeRequest> requests = new();
    private LoopbackServer? server;

    public sealed record SubscribeRequest(string Mode, string Topic, Uri Callback, string Secret, int? LeaseSeconds);

    /// <param name="Status">What the callback answered the verification GET with.</param>
    /// <param name="Echoed">Whether the body was exactly the challenge.</param>
    public sealed record Verification(SubscribeRequest Request, HttpStatusCode Status, bool Echoed);

    public Uri HubUrl => server!.Url("hub");

    public Uri FeedUrl => server!.Url("feed");

    public Uri BareFeedUrl => server!.Url("bare-feed");

    public Uri PageUrl => server!.Url("page");

    /// <summary>The feed the page at <see cref="PageUrl"/> advertises; <see cref="FeedUrl"/> unless set.</summary>
    public Uri? PageFeedUrl { get; set; }

    /// <summary>Whether the page itself also names this hub, with itself as the topic.</summary>
    public bool PageAdvertisesHub { get; set; }

    /// <summary>The lease the hub grants, whatever was asked.</summary>
    public TimeSpan GrantedLease { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The entries the topic feed currently holds, as (id, title) pairs.</summary>
    public List<(string Id, string Title)> Entries { get; } = [];

    public IReadOnlyList<SubscribeRequest> Requests => [.. requests];

    /// <summary>When set, subscription requests are refused with this status and a short reason, and nothing is verified.</summary>
    public HttpStatusCode? Refusal { get; set; }

    public static async Task<LoopbackHub> StartAsync()
    {
        var hub = new LoopbackHub();
        hub.server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/feed", () => Results.Text(hub.Feed(), "application/atom+xml"));
            app.MapGet("/bare-feed", () => Results.Text(hub.Feed(advertise: false), "application/atom+xml"));
            app.MapGet("/page", () => Results.Text(hub.Page(), "text/html"));
            app.MapPost("/hub", (Func<HttpRequest, Task<IResult>>)hub.ReceiveRequestAsync);
        });
        return hub;
    }

    /// <summary>The topic's Atom document, with the hub and self links a subscriber discovers unless <paramref name="advertise"/> is false.</summary>
    public string Feed(bool advertise = true) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Hubbed feed</title>
          <id>urn:hubbed</id>
          <updated>2026-03-05T08:00:00Z</updated>
          {(advertise ? $"<link rel=\"hub\" href=\"{HubUrl}\"/><link rel=\"self\" href=\"{FeedUrl}\"/>" : "")}
          <link rel="alternate" href="https://news.example.org/"/>
          {string.Concat(Entries.Select(e => $"<entry><id>{e.Id}</id><title>{e.Title}</title><link href=\"https://news.example.org/{e.Id}\"/><updated>2026-03-05T08:00:00Z</updated><summary>About {e.Title}</summary></entry>"))}
        </feed>
        """;

    /// <summary>A portal page advertising <see cref="PageFeedUrl"/>, and naming the hub itself when <see cref="PageAdvertisesHub"/>.</summary>
    public string Page() =>
        $"""
        <!DOCTYPE html>
        <html><head><title>Portal</title>
          <link rel="alternate" type="application/atom+xml" href="{PageFeedUrl ?? FeedUrl}">
          {(PageAdvertisesHub ? $"<link rel=\"hub\" href=\"{HubUrl}\"><link rel=\"self\" href=\"{PageUrl}\">" : "")}
        </head><body>News</body></html>
        """;

    /// <summary>The next verification the hub made, waiting for it up to the generous test deadline.</summary>
    public async Task<Verification> NextVerificationAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Deadlines.Event);
        return await verifications.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>
    /// Distributes the current feed (or <paramref name="content"/>) to the subscriber, signed with its secret unless a
    /// signature is given.
    /// </summary>
    public async Task<HttpResponseMessage> PublishAsync(SubscribeRequest subscription, string? signature = null, string? content = null)
    {
        var body = Encoding.UTF8.GetBytes(content ?? Feed());
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Callback) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/atom+xml");
        request.Headers.TryAddWithoutValidation("Link", $"<{HubUrl}>; rel=\"hub\", <{FeedUrl}>; rel=\"self\"");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature", signature ?? Sign(subscription.Secret, body));
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Tells the subscriber its subscription was refused.</summary>
    public Task<HttpResponseMessage> DenyAsync(SubscribeRequest subscription, string reason) =>
        http.GetAsync(With(subscription.Callback, ("hub.mode", "denied"), ("hub.topic", subscription.Topic), ("hub.reason", reason)), TestContext.Current.CancellationToken);

    public static string Sign(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static Uri With(Uri url, params (string Name, string Value)[] query) =>
        new(url + (url.Query.Length > 0 ? "&" : "?") + string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value)}")));

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        http.Dispose();
    }

    private async Task<IResult> ReceiveRequestAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var mode = form["hub.mode"].ToString();
        var topic = form["hub.topic"].ToString();
        var callback = form["hub.callback"].ToString();
        if (mode is not ("subscribe" or "unsubscribe") || topic.Length == 0 || !Uri.TryCreate(callback, UriKind.Absolute, out var callbackUrl))
        {
            return Results.BadRequest("hub.mode, hub.topic and an absolute hub.callback are required");
        }

        if (Refusal is { } refusal)
        {
            return Results.Text("topic not served here", "text/plain", statusCode: (int)refusal);
        }

        var lease = int.TryParse(form["hub.lease_seconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : (int?)null;
        var subscription = new SubscribeRequest(mode, topic, callbackUrl, form["hub.secret"].ToString(), lease);
        requests.Enqueue(subscription);

        // Verification happens after the 202, as hubs usually do it, asynchronously.
        _ = Task.Run(() => VerifyAsync(subscription));
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private async Task VerifyAsync(SubscribeRequest subscription)
    {
        var challenge = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var granted = (int)GrantedLease.TotalSeconds;
        var url = With(subscription.Callback, ("hub.mode", subscription.Mode), ("hub.topic", subscription.Topic), ("hub.challenge", challenge), ("hub.lease_seconds", granted.ToString(CultureInfo.InvariantCulture)));
        using var response = await http.GetAsync(url, CancellationToken.None);
        var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
        await verifications.Writer.WriteAsync(new Verification(subscription, response.StatusCode, body == challenge));
    }
}
