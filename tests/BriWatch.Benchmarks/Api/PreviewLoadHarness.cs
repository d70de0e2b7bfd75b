using System.Diagnostics;
using System.Globalization;
using BriWatch.Api.Subscriptions;
using BriWatch.Storage;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Benchmarks.Api;

/// <summary>
/// Issue 5's preview target as a harness (not a timed test): a SQLite store holding N articles discovered over the
/// last 30 days with a BRICS topic/country mix, and the real <see cref="SubscriptionPreview"/> run for a few
/// representative subscriptions. Reports each one's scanned/matched counts and its latency (min, median, max).
/// </summary>
internal static class PreviewLoadHarness
{
    public const string Command = "preview-load";

    private static readonly Subscription[] Subscriptions =
    [
        Subscription("broad", s => s with { RelevantOnly = true }),
        Subscription("narrow", s => s with { Topics = ["energy_new"], Countries = ["BR", "ZA"] }),
        Subscription("narrow-single", s => s with { Topics = ["rail"], Countries = ["KZ"] }),
        Subscription("query-text", s => s with { Query = "topic:energy_new AND (country:BR OR country:ZA) AND \"solar park\"" }),
        Subscription("query-amount", s => s with { Query = "amount_usd>=100M AND NOT topic:mining_resources AND score>=0.7" }),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var articles = Option(args, "--articles", 100_000);
        var runs = Option(args, "--runs", 5);
        var path = OptionText(args, "--db") ?? Path.Combine(Path.GetTempPath(), $"briwatch-preview-{articles}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = path,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddBriWatchStorage(configuration);
        services.AddSingleton<SubscriptionPreview>();
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IArticleStore>();
        var preview = provider.GetRequiredService<SubscriptionPreview>();

        await FillAsync(store, articles);
        Console.WriteLine($"{await store.CountAsync(CancellationToken.None)} articles in {path}; {runs} runs per subscription after one warm-up");
        Console.WriteLine("| subscription | scanned | matched | min ms | median ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var subscription in Subscriptions)
        {
            var result = await preview.RunAsync(subscription, 20, CancellationToken.None);
            var timings = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                await preview.RunAsync(subscription, 20, CancellationToken.None);
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }

            timings.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {subscription.Name} | {result.Scanned} | {result.Matched} | {timings[0]:0} | {timings[timings.Count / 2]:0} | {timings[^1]:0} |"));
        }

        return 0;
    }

    /// <summary>Tops the store up to <paramref name="count"/> articles, so a kept database file is reused.</summary>
    private static async Task FillAsync(IArticleStore store, int count)
    {
        var existing = (int)await store.CountAsync(CancellationToken.None);
        if (existing >= count)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        for (var n = existing; n < count; n++)
        {
            await store.UpsertAsync(PreviewCorpus.Article(n, count, now, random), CancellationToken.None);
        }

        Console.WriteLine($"Stored {count - existing} articles in {clock.Elapsed.TotalSeconds:0} s");
    }

    private static Subscription Subscription(string name, Func<Subscription, Subscription> shape) =>
        shape(new Subscription { Id = "preview-" + name, Owner = "harness", Name = name, MinScore = 0.5 });

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
