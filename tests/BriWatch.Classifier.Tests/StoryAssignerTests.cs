using BriWatch.Classifier.Stories;
using BriWatch.Classifier.Tests.Support;
using BriWatch.Storage;
using BriWatch.Storage.Sqlite;
using BriWatch.Storage.Stories;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Classifier.Tests;

public sealed class StoryAssignerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 9, 17, 12, 0, 0, TimeSpan.Zero);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "bw-stories-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteStorage> storages = [];

    public void Dispose()
    {
        foreach (var storage in storages)
        {
            storage.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Syndicated_copies_classified_concurrently_end_in_one_story()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = Storage();
        var index = new SlowStoryIndex(new SqliteStoryIndex(storage));
        var assigner = new StoryAssigner(index, new FakeTimeProvider(Now), Options.Create(new ClassifierOptions()));
        const int Copies = 16;

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var assigning = Enumerable.Range(0, Copies).Select(i => Task.Run(
            async () =>
            {
                await start.Task;
                return await assigner.AssignAsync($"copy-{i:D2}", Articles.BydTitle, Articles.BydText + $" (Syndicated by outlet {i}.)", ct);
            },
            ct)).ToList();
        start.SetResult();
        var stories = await Task.WhenAll(assigning);

        var story = Assert.Single(stories.Distinct());
        var stored = await new SqliteStoryIndex(storage).FindByBandsAsync(MinHashSketch.BandKeys(MinHashSketch.Compute(Articles.BydTitle, Articles.BydText)!), Now.AddDays(-1), 100, ct);
        Assert.Equal(Copies, stored.Count);
        Assert.All(stored, f => Assert.Equal(story, f.StoryId));
    }

    [Fact]
    public async Task Copies_racing_in_two_processes_settle_on_the_story_of_the_earliest()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(Now) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

        // Two processes (separate storage objects and gates over one file), forced to look before either adds and to
        // look again only after both have added: both start their own story, then must agree.
        var rendezvous = new Rendezvous(2);
        var assigners = new[] { Storage(), Storage() }
            .Select(s => new StoryAssigner(new RendezvousStoryIndex(new SqliteStoryIndex(s), rendezvous), time, Options.Create(new ClassifierOptions())))
            .ToArray();

        var stories = await Task.WhenAll(
            Task.Run(() => assigners[0].AssignAsync("copy-b", Articles.BydTitle, Articles.BydText + " (AP)", ct), ct),
            Task.Run(() => assigners[1].AssignAsync("copy-a", Articles.BydTitle, Articles.BydText + " (Reuters)", ct), ct));

        Assert.Equal(stories[0], stories[1]);
        Assert.StartsWith("copy-", stories[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_arriving_later_joins_the_story_of_the_first()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(Now);
        var assigner = Assigner(time);

        Assert.Equal("first", await assigner.AssignAsync("first", Articles.BydTitle, Articles.BydText, ct));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("first", await assigner.AssignAsync("copy", Articles.BydTitle, Articles.BydText + " (Reuters)", ct));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("first", await assigner.AssignAsync("copy", Articles.BydTitle, Articles.BydText + " (Reuters)", ct));
    }

    private StoryAssigner Assigner(TimeProvider time) =>
        new(new SqliteStoryIndex(Storage()), time, Options.Create(new ClassifierOptions()));

    private SqliteStorage Storage()
    {
        var storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = Path.Combine(directory, "briwatch.db") } });
        storages.Add(storage);
        return storage;
    }

    /// <summary>Widens the race window: every look waits a moment, as a busy store would.</summary>
    private sealed class SlowStoryIndex(IStoryIndex inner) : IStoryIndex
    {
        public async Task<IReadOnlyList<StoryFingerprint>> FindByBandsAsync(IReadOnlyCollection<string> bandKeys, DateTimeOffset since, int max, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken);
            return await inner.FindByBandsAsync(bandKeys, since, max, cancellationToken);
        }

        public Task AddAsync(StoryFingerprint fingerprint, CancellationToken cancellationToken) => inner.AddAsync(fingerprint, cancellationToken);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken) =>
            inner.PurgeExpiredAsync(now, retention, max, cancellationToken);
    }

    /// <summary>Each party's n-th arrival waits for the n-th arrival of all the others.</summary>
    private sealed class Rendezvous(int parties)
    {
        private readonly Lock gate = new();
        private readonly List<(int Arrived, TaskCompletionSource All)> rounds = [];

        public Task ArriveAsync(int round)
        {
            lock (gate)
            {
                while (rounds.Count <= round)
                {
                    rounds.Add((0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
                }

                var (arrived, all) = rounds[round];
                rounds[round] = (arrived + 1, all);
                if (arrived + 1 == parties)
                {
                    all.SetResult();
                }

                return all.Task;
            }
        }
    }

    private sealed class RendezvousStoryIndex(IStoryIndex inner, Rendezvous rendezvous) : IStoryIndex
    {
        private int looks;

        public async Task<IReadOnlyList<StoryFingerprint>> FindByBandsAsync(IReadOnlyCollection<string> bandKeys, DateTimeOffset since, int max, CancellationToken cancellationToken)
        {
            // Everyone starts the look together and finishes it before anyone goes on.
            var look = Interlocked.Increment(ref looks) - 1;
            await rendezvous.ArriveAsync(2 * look).WaitAsync(cancellationToken);
            var found = await inner.FindByBandsAsync(bandKeys, since, max, cancellationToken);
            await rendezvous.ArriveAsync((2 * look) + 1).WaitAsync(cancellationToken);
            return found;
        }

        public Task AddAsync(StoryFingerprint fingerprint, CancellationToken cancellationToken) => inner.AddAsync(fingerprint, cancellationToken);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken) =>
            inner.PurgeExpiredAsync(now, retention, max, cancellationToken);
    }
}
