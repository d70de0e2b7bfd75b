using System.Reflection;
using System.Xml.Linq;

namespace BriWatch.Host.Demo;

/// <summary>
/// <c>briwatch --demo</c>: a sample feed and a webhook receiver served by this very host on loopback, registered as a
/// source and a subscription, so a newcomer watches items flow from feed to alert without internet.
/// </summary>
internal static class DemoSetup
{
    public const string SourceId = "briwatch-demo";
    public const string SubscriptionOwner = "demo";
    public const string FeedPath = "/demo/feed.xml";
    public const string WebhookPath = "/demo/webhook";
    private const string FeedBaseMarker = "http://localhost/demo/";

    /// <summary>Loopback must be reachable for the demo; everything else keeps its normal defaults.</summary>
    public static IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Crawler:AllowPrivateNetworks"] = "true",
        ["Alerting:AllowPrivateNetworks"] = "true",
        ["Crawler:SchedulerTick"] = "00:00:02",
    };

    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DemoReceiver>();
        builder.Services.AddSingleton<DemoAccess>();
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }

    public static WebApplication MapDemoEndpoints(this WebApplication app)
    {
        var feed = LoadFeed();
        var articles = XDocument.Parse(feed).Descendants("item").ToDictionary(
            i => new Uri((string)i.Element("link")!).Segments[^1],
            i => ((string)i.Element("title")!, (string)i.Element("description")!));

        // The demo's own sample site and webhook receiver, public as the sites they stand in for are (and, as stand-ins, not rate limited).
        var demo = app.MapGroup("/demo").ExcludeFromDescription().AllowAnonymous().DisableRateLimiting();
        demo.MapGet("/feed.xml", (HttpContext context) =>
            Results.Text(feed.Replace(FeedBaseMarker, BaseUrl(context) + "/demo/", StringComparison.Ordinal), "application/rss+xml; charset=utf-8"));
        demo.MapGet("/articles/{slug}", (string slug) =>
            articles.TryGetValue(slug, out var article)
                ? Results.Content(ArticlePage(article.Item1, article.Item2), "text/html; charset=utf-8")
                : Results.NotFound());
        demo.MapPost("/webhook", (HttpRequest request, DemoReceiver receiver, CancellationToken cancellationToken) =>
            receiver.ReceiveAsync(request, cancellationToken));
        return app;
    }

    private static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static string LoadFeed()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("BriWatch.Host.Demo.demo-feed.xml")
            ?? throw new InvalidOperationException("The demo feed resource is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string ArticlePage(string title, string text)
    {
        var encodedTitle = System.Net.WebUtility.HtmlEncode(title);
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{encodedTitle}</title></head>
            <body><article><h1>{encodedTitle}</h1><p>{System.Net.WebUtility.HtmlEncode(text)}</p></article></body></html>
            """;
    }
}
