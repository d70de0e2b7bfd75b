using System.Diagnostics;
using BriWatch.Classifier.Consumers;
using BriWatch.Classifier.Tests.Support;
using BriWatch.Contracts;
using BriWatch.Storage;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Outbox;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Classifier.Tests;

public sealed class ArticleDiscoveredConsumerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 9, 17, 12, 0, 0, TimeSpan.Zero);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "bw-classifier-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(Now);
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    private IArticleStore Store => provider.GetRequiredService<IArticleStore>();

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(directory, "briwatch.db") })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddBriWatchStorage(configuration);
        services.AddClassifierCore();
        services.AddOutboxRelay(ClassifierTelemetry.Name);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddConsumer<ArticleDiscoveredConsumer, ArticleDiscoveredConsumerDefinition>();
            // The default inactivity window (about a second) ends a wait for a fault that a busy machine has not
            // published yet, after the consumer's retries; every positive wait here is for something that must happen.
            x.SetTestTimeouts(testTimeout: Deadlines.Event, testInactivityTimeout: Deadlines.Event);
        });
        provider = services.BuildServiceProvider(validateScopes: true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Publishes_ArticleClassified_and_stores_the_article_when_article_is_relevant()
    {
        var ct = TestContext.Current.CancellationToken;
        await harness.Bus.Publish(Discovered("byd-1", Articles.BydTitle, Articles.BydText), ct);

        var published = await harness.Published.SelectAsync<ArticleClassified>(ct).FirstOrDefault();
        Assert.NotNull(published);
        var message = published.Context.Message;
        Assert.True(message.Relevant);
        Assert.Equal("byd-1", message.StoryId);
        Assert.Contains("CN", message.Countries);
        Assert.Contains("manufacturing", message.Topics);
        Assert.Equal("en", message.Language);
        Assert.Equal(Now, message.ClassifiedAt);
        Assert.True(message.Summary.Length <= 301, message.Summary);
        Assert.StartsWith("Chinese electric vehicle maker BYD", message.Summary, StringComparison.Ordinal);
        Assert.Contains(message.Evidence, e => e.StartsWith("party:CN", StringComparison.Ordinal));

        var stored = await Store.GetAsync("byd-1", ct);
        Assert.NotNull(stored);
        Assert.True(stored.Relevant);
        Assert.Equal(message.Topics, stored.Topics);
        Assert.Contains(stored.Entities, e => e.Name == "BYD");
        Assert.Equal(stored.AmountUsd, message.AmountUsd);
        Assert.Equal(stored.Stage, message.Stage);
    }

    [Fact]
    public async Task Publishes_and_stores_every_amount_with_its_role_and_the_deal_amount_as_headline()
    {
        var ct = TestContext.Current.CancellationToken;
        const string title = "New Development Bank lends to Brazil for wind farms";
        const string text = "The New Development Bank, founded with an initial capital of $50 billion, approved a loan of 1.2 billion U.S. dollars for wind farms in Brazil.";
        await harness.Bus.Publish(Discovered("ndb-1", title, text), ct);

        var message = (await harness.Published.SelectAsync<ArticleClassified>(ct).FirstOrDefault())!.Context.Message;
        var stored = await Store.GetAsync("ndb-1", ct);

        Assert.Equal(1.2e9, message.AmountUsd);
        Assert.Equal([("background", 50e9, "$50 billion"), ("loan", 1.2e9, "1.2 billion U.S. dollars")], message.Amounts.Select(a => (a.Role, a.Value, a.Evidence)));
        Assert.All(message.Amounts, a => Assert.Equal(a.Evidence, (title + "\n" + text).Substring(a.Start, a.Length)));
        Assert.Equal(message.Amounts.Select(a => (a.Value, a.Currency, a.AmountUsd, a.Role, a.Start, a.Length, a.Evidence)), stored!.Amounts.Select(a => (a.Value, a.Currency, a.AmountUsd, a.Role, a.Start, a.Length, a.Evidence)));
        Assert.Equal(1.2e9, stored.AmountUsd);
    }

    [Fact]
    public async Task Redelivered_message_leaves_one_article_with_the_same_story()
    {
        var ct = TestContext.Current.CancellationToken;
        var message = Discovered("byd-1", Articles.BydTitle, Articles.BydText);
        await harness.Bus.Publish(message, ct);
        await harness.Bus.Publish(message, ct);

        var consumed = await AsyncElementListExtensions.Take(harness.GetConsumerHarness<ArticleDiscoveredConsumer>().Consumed.SelectAsync<ArticleDiscovered>(ct), 2).ToListAsync(ct);
        var published = await harness.Published.SelectAsync<ArticleClassified>(ct).FirstOrDefault();

        Assert.Equal(2, consumed.Count);
        Assert.Equal(1, await Store.CountAsync(ct));
        // One outbox event per article: recording it again while alerting has not finished with it changes nothing.
        Assert.Equal("byd-1", published!.Context.Message.StoryId);
    }

    [Fact]
    public async Task Syndicated_copy_gets_the_story_id_of_the_first_article()
    {
        var ct = TestContext.Current.CancellationToken;
        await harness.Bus.Publish(Discovered("original", Articles.BydTitle, Articles.BydText), ct);
        Assert.True(await harness.Published.Any<ArticleClassified>(x => x.Context.Message.ArticleId == "original", ct));

        var copy = Articles.BydText.Replace("on Friday", "on Friday, Reuters reported", StringComparison.Ordinal) + " Shares in BYD rose 2%.";
        await harness.Bus.Publish(Discovered("copy", "Hungary lands BYD's first European car plant", copy), ct);

        var published = await harness.Published.SelectAsync<ArticleClassified>(x => x.Context.Message.ArticleId == "copy", ct).FirstOrDefault();
        Assert.NotNull(published);
        Assert.Equal("original", published.Context.Message.StoryId);
        Assert.Equal("original", (await Store.GetAsync("copy", ct))!.StoryId);
    }

    [Fact]
    public async Task Different_story_keeps_its_own_story_id()
    {
        var ct = TestContext.Current.CancellationToken;
        await harness.Bus.Publish(Discovered("byd", Articles.BydTitle, Articles.BydText), ct);
        Assert.True(await harness.Published.Any<ArticleClassified>(x => x.Context.Message.ArticleId == "byd", ct));

        await harness.Bus.Publish(Discovered("laos", "China-Laos Railway carries record freight", "The China-Laos Railway carried a record 4 million tonnes of cross-border freight this year, the operator said, as new logistics parks opened along the line in Vientiane and Boten and Chinese investors signed agreements for two more industrial zones."), ct);

        var published = await harness.Published.SelectAsync<ArticleClassified>(x => x.Context.Message.ArticleId == "laos", ct).FirstOrDefault();
        Assert.NotNull(published);
        Assert.Equal("laos", published.Context.Message.StoryId);
    }

    [Fact]
    public async Task Article_without_title_or_text_faults_and_is_not_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        await harness.Bus.Publish(Discovered("empty", " ", ""), ct);

        var fault = await harness.Published.SelectAsync<Fault<ArticleDiscovered>>(ct).FirstOrDefault();
        Assert.NotNull(fault);
        Assert.Contains("neither title nor text", fault.Context.Message.Exceptions[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, await Store.CountAsync(ct));
        // The fault came after the consumer's last attempt: whatever it published is already there.
        using var existing = new CancellationTokenSource();
        await existing.CancelAsync();
        Assert.Empty(harness.Published.Select<ArticleClassified>(existing.Token));
    }

    [Fact]
    public async Task Consumer_starts_an_activity_on_the_classifier_source()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ClassifierTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                lock (started)
                {
                    started.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await harness.Bus.Publish(Discovered("byd-1", Articles.BydTitle, Articles.BydText), ct);
        Assert.True(await harness.Published.Any<ArticleClassified>(ct));

        lock (started)
        {
            Assert.Contains(started, a => (string?)a.GetTagItem("briwatch.article.id") == "byd-1");
        }
    }

    private ArticleDiscovered Discovered(string id, string title, string text) =>
        new(id, "test-source", "https://example.test/" + id, title, text, Now.AddHours(-1), "en", time.GetUtcNow());
}
