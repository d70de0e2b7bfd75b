using System.Globalization;
using BriWatch.Benchmarks.Api;
using BriWatch.Storage;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Stories;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using AlertingPurge = BriWatch.Alerting.Dispatch.PurgeExpiredRecordsJob;
using ClassifierPurge = BriWatch.Classifier.Retention.PurgeExpiredRecordsJob;

namespace BriWatch.Benchmarks.Storage;

/// <summary>
/// Issue 14's retention claim as a harness (not a timed test): a steady stream of articles, each with its story
/// fingerprint and a webhook delivery (delivered a simulated minute later; one in fifty still pending when the window
/// ends), goes through the real SQLite stores on a simulated clock, and the real purge jobs of the classifier and
/// alerting run every few simulated minutes with a short retention window. Prints the rows kept and the database's size
/// (file, WAL, pages in use, free pages) as the stream runs: once the window is full, the size stays flat because SQLite
/// reuses the pages the purge frees.
/// </summary>
internal static class RetentionSoakHarness
{
    public const string Command = "retention-soak";

    public static async Task<int> RunAsync(string[] args)
    {
        var perMinute = Option(args, "--per-minute", 60);
        var window = TimeSpan.FromMinutes(Option(args, "--window-minutes", 60));
        var hours = Option(args, "--hours", 6);
        var purgeEvery = Option(args, "--purge-every-minutes", 5);
        var path = Path.Combine(Path.GetTempPath(), $"briwatch-retention-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = path,
        }).Build();
        var clock = new SimulatedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddBriWatchStorage(configuration);
        await using var provider = services.BuildServiceProvider();
        var articles = provider.GetRequiredService<IArticleStore>();
        var stories = provider.GetRequiredService<IStoryIndex>();
        var deliveries = provider.GetRequiredService<IDeliveryStore>();
        var retention = Options.Create(new RetentionOptions { Articles = window, Deliveries = window, Stories = window });
        var classifierPurge = new ClassifierPurge(articles, stories, retention, clock, NullLogger<ClassifierPurge>.Instance);
        var alertingPurge = new AlertingPurge(deliveries, retention, clock, NullLogger<AlertingPurge>.Instance);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{perMinute} articles per simulated minute, retention window {window.TotalMinutes:0} min, purge every {purgeEvery} min, {hours} h; {path}"));
        Console.WriteLine("| simulated time | articles stored | articles kept | deliveries kept (pending) | fingerprints kept | db MB | wal MB | pages in use | free pages |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var random = new Random(42);
        var n = 0;
        var ct = CancellationToken.None;
        for (var minute = 1; minute <= hours * 60; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            for (var i = 0; i < perMinute; i++, n++)
            {
                var article = PreviewCorpus.Article(n, int.MaxValue, clock.GetUtcNow(), random) with { DiscoveredAt = clock.GetUtcNow(), StoryId = $"pa-{n}" };
                await articles.UpsertAsync(article, ct);
                await stories.AddAsync(new StoryFingerprint(article.Id, article.StoryId, [(ulong)n, (ulong)random.NextInt64()], [$"b{n % 997}", $"c{n}"], clock.GetUtcNow()), ct);
                await deliveries.TryCreateAsync(Delivery(article, clock.GetUtcNow()), ct);
            }

            await SettleAsync(deliveries, clock.GetUtcNow() - TimeSpan.FromMinutes(1), perMinute, n, window, ct);
            if (minute % purgeEvery == 0)
            {
                await classifierPurge.Execute(null!, ct);
                await alertingPurge.Execute(null!, ct);
            }

            if (minute % 30 == 0)
            {
                await ReportAsync(path, articles, n, minute);
            }
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return 0;
    }

    /// <summary>The previous minute's deliveries are delivered, except one in fifty, which stays pending for a whole window.</summary>
    private static async Task SettleAsync(IDeliveryStore deliveries, DateTimeOffset at, int perMinute, int stored, TimeSpan window, CancellationToken ct)
    {
        for (var k = Math.Max(0, stored - (2 * perMinute)); k < stored - perMinute; k++)
        {
            if (k % 50 != 0)
            {
                await deliveries.RecordAttemptAsync(new DeliveryAttempt($"dlv-{k}", DeliveryState.Delivered, 1, at, at, null), ct);
            }
        }

        // The long-pending ones settle once they are a window and ten minutes old: until then they and their articles stay.
        var lateMinutes = (int)window.TotalMinutes + 10;
        for (var k = Math.Max(0, stored - ((lateMinutes + 1) * perMinute)); k < stored - (lateMinutes * perMinute); k++)
        {
            if (k % 50 == 0)
            {
                await deliveries.RecordAttemptAsync(new DeliveryAttempt($"dlv-{k}", DeliveryState.Dead, 9, at, at, "gave up"), ct);
            }
        }
    }

    private static Delivery Delivery(Article article, DateTimeOffset now) => new()
    {
        Id = "dlv-" + article.Id["pa-".Length..],
        SubscriptionId = "sub-soak",
        StoryId = article.StoryId,
        ArticleId = article.Id,
        Channel = "webhook",
        Target = "https://hooks.example.org/soak",
        Payload = $$$"""{"type":"article.matched","data":{"articleId":"{{{article.Id}}}","title":"{{{article.Title}}}"}}""",
        NextAttemptAt = now,
        CreatedAt = now,
    };

    private static async Task ReportAsync(string path, IArticleStore articles, int stored, int minute)
    {
        var ct = CancellationToken.None;
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        var kept = await articles.CountAsync(ct);
        var keptDeliveries = await Scalar(connection, "SELECT COUNT(*) FROM deliveries;");
        var pending = await Scalar(connection, "SELECT COUNT(*) FROM deliveries WHERE state = 'Pending';");
        var fingerprints = await Scalar(connection, "SELECT COUNT(*) FROM story_fingerprints;");
        var pages = await Scalar(connection, "PRAGMA page_count;");
        var free = await Scalar(connection, "PRAGMA freelist_count;");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {minute / 60}h{minute % 60:00} | {stored} | {kept} | {keptDeliveries} ({pending}) | {fingerprints} | {Mb(path):0.0} | {Mb(path + "-wal"):0.0} | {pages - free} | {free} |"));
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static double Mb(string file) => File.Exists(file) ? new FileInfo(file).Length / 1024.0 / 1024.0 : 0;

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
