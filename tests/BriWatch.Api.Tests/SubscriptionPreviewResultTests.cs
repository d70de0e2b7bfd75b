using System.Globalization;
using BriWatch.Api.Subscriptions;
using BriWatch.Contracts;
using BriWatch.Matching;
using BriWatch.Matching.Query;
using BriWatch.Storage;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Api.Tests;

/// <summary>
/// Pins what the preview returns over a store larger than any page it might read in, against an in-memory oracle:
/// the 30-day window, newest-first order, the store's narrowing and the exact filter and query evaluation.
/// </summary>
public sealed class SubscriptionPreviewResultTests : IAsyncLifetime
{
    private const int ArticleCount = 2_500;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Topics = ["energy_new", "mining_resources", "manufacturing", "rail", "finance"];
    private static readonly string[] Countries = ["CN", "BR", "ZA", "IN", "RU", "KZ"];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "briwatch-preview-tests", Guid.NewGuid().ToString("N"));
    private readonly List<Article> seeded = [];
    private ServiceProvider services = null!;

    public static TheoryData<string, string[], string[], double, bool, string?> Subscriptions => new()
    {
        { "broad", [], [], 0, true, null },
        { "everything", [], [], 0, false, null },
        { "single topic and country", ["energy_new"], ["BR"], 0.6, true, null },
        { "any of topics and countries", ["energy_new", "rail"], ["BR", "ZA"], 0.5, true, null },
        { "free text", [], [], 0, true, "topic:energy_new AND (country:BR OR country:ZA) AND \"solar park\"" },
        { "amount and stage", [], [], 0, true, "amount_usd>=100M AND stage:(signed OR financed) AND NOT topic:mining_resources" },
    };

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "preview.db"),
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        collection.AddBriWatchStorage(configuration);
        collection.AddSingleton<SubscriptionPreview>();
        services = collection.BuildServiceProvider();

        var store = services.GetRequiredService<IArticleStore>();
        var random = new Random(7);
        for (var n = 0; n < ArticleCount; n++)
        {
            var article = Article(n, random);
            seeded.Add(article);
            await store.UpsertAsync(article, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Subscriptions))]
    public async Task Preview_returns_exactly_what_the_filters_and_query_select_from_the_last_30_days(
        string name, string[] topics, string[] countries, double minScore, bool relevantOnly, string? query)
    {
        var subscription = new Subscription
        {
            Id = "s", Owner = "o", Name = name, Topics = topics, Countries = countries, MinScore = minScore, RelevantOnly = relevantOnly, Query = query,
        };
        var preview = services.GetRequiredService<SubscriptionPreview>();

        var result = await preview.RunAsync(subscription, 25, TestContext.Current.CancellationToken);

        var expected = Oracle(subscription);
        Assert.True(expected.Matched.Count > 0, "The seeded corpus should give every subscription some matches.");
        Assert.Equal(expected.Scanned, result.Scanned);
        Assert.Equal(expected.Matched.Count, result.Matched);
        Assert.Equal(expected.Matched.Take(25).Select(a => a.Id), result.Items.Select(i => i.Id));
    }

    private (int Scanned, List<Article> Matched) Oracle(Subscription subscription)
    {
        var parsed = subscription.Query is null ? null : SubscriptionQuery.Parse(subscription.Query);
        var narrowed = seeded
            .Where(a => a.DiscoveredAt >= Now - SubscriptionPreview.Window)
            .Where(a => !subscription.RelevantOnly || a.Relevant)
            .Where(a => subscription.MinScore <= 0 || a.Score >= subscription.MinScore)
            .Where(a => subscription.Topics.Count != 1 || a.Topics.Contains(subscription.Topics[0]))
            .Where(a => subscription.Countries.Count != 1 || a.Countries.Contains(subscription.Countries[0]))
            .OrderByDescending(a => a.DiscoveredAt).ThenByDescending(a => a.Id, StringComparer.Ordinal)
            .ToList();
        var matched = narrowed.Where(a =>
        {
            var message = new ArticleClassified(
                a.Id, a.SourceId, a.Url, a.Title, ArticleSummary.Of(a.Text), a.Published, a.Language, a.Relevant, a.Score,
                a.Topics, a.Countries, a.StoryId, a.Evidence, a.ClassifiedAt);
            return SubscriptionFilter.Matches(subscription, message)
                && (parsed is null || parsed.Matches(new MatchDocument(message, null, a.AmountUsd, a.Stage)));
        }).ToList();
        return (narrowed.Count, matched);
    }

    private static Article Article(int n, Random random)
    {
        var id = "a-" + n.ToString("D5", CultureInfo.InvariantCulture);
        var topics = Topics.Where(_ => random.NextDouble() < 0.35).DefaultIfEmpty(Topics[n % Topics.Length]).ToList();
        var countries = Countries.Where(_ => random.NextDouble() < 0.3).DefaultIfEmpty(Countries[n % Countries.Length]).ToList();
        var solar = random.NextDouble() < 0.3 ? " The solar park adds 500 MW." : "";
        return new Article
        {
            Id = id,
            SourceId = "source-" + (n % 7).ToString(CultureInfo.InvariantCulture),
            Url = "https://example.org/" + id,
            Title = $"Article {n} on {string.Join(", ", topics)}",
            Text = new string('x', random.Next(50, 600)) + solar,
            // 40 days back to now, with ties in discovery time so the id tiebreak is pinned too.
            DiscoveredAt = Now.AddMinutes(-(n / 2 * 46)),
            ClassifiedAt = Now,
            Relevant = random.NextDouble() < 0.6,
            Score = Math.Round(random.NextDouble(), 2),
            Topics = topics,
            Countries = countries,
            StoryId = "story-" + n.ToString(CultureInfo.InvariantCulture),
            AmountUsd = random.NextDouble() < 0.5 ? Math.Pow(10, 6 + (random.NextDouble() * 4)) : null,
            Stage = random.NextDouble() < 0.5 ? (random.NextDouble() < 0.5 ? "signed" : "financed") : null,
        };
    }
}
