using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BriWatch.Benchmarks.Crawler;

/// <summary>
/// The load harness's feed servers, run as a child process so their CPU is not counted as the crawler's.
/// Listens on every loopback address (127.0.0.x host names); feed n answers 304 to a matching If-None-Match
/// unless n is a multiple of ten, which publishes a new item on every poll — so 90% of polls are 304. Item links point
/// at article pages on the feed's own host, as a real site's do: the crawler fetches each new item's page through the
/// same per-host gate, so a shared article host would make the harness measure that one host's politeness delay.
/// </summary>
internal static class FeedFarm
{
    public const string Command = "feed-farm";

    private static long requests;
    private static long notModified;

    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Any, port));
        var app = builder.Build();
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nAllow: /\n"));
        app.MapGet("/stats", () => Results.Text(string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Read(ref requests)} {Interlocked.Read(ref notModified)}")));
        app.MapGet("/feed/{n:int}", (int n, HttpContext context) =>
        {
            var poll = Interlocked.Increment(ref requests);
            var changing = n % 10 == 0;
            var etag = changing ? $"\"{n}-{poll}\"" : $"\"{n}-stable\"";
            if (!changing && context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                Interlocked.Increment(ref notModified);
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            context.Response.Headers.ETag = etag;
            return Results.Text(Feed(n, changing ? poll : 0, context.Request.Host.Value!), "application/rss+xml; charset=utf-8");
        });
        app.MapGet("/article/{n:int}/{version:long}", (int n, long version) => Results.Text(Article(n, version), "text/html; charset=utf-8"));
        await app.RunAsync();
        return 0;
    }

    private static string Feed(int n, long version, string host) => string.Create(CultureInfo.InvariantCulture, $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Load feed {n}</title><link>http://{host}/</link><description>load</description>
        <item><title>Item {n}.{version}</title><link>http://{host}/article/{n}/{version}</link><guid>{n}-{version}</guid>
        <description>Harness item {version} of feed {n}.</description></item>
        </channel></rss>
        """);

    private static string Article(int n, long version) => string.Create(CultureInfo.InvariantCulture, $"""
        <!DOCTYPE html><html lang="en"><head><title>Item {n}.{version}</title></head><body><article><h1>Item {n}.{version}</h1>
        <p>Harness article {version} of feed {n}. A Chinese carmaker will build an electric vehicle plant in Hungary, officials said.</p>
        <p>The plant is part of industrial cooperation between the two countries and will employ about a thousand people.</p>
        </article></body></html>
        """);
}
