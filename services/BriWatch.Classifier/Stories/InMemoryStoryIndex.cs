using BriWatch.Storage.Stories;

namespace BriWatch.Classifier.Stories;

/// <summary>Story index for one CLI run, where there is no store: inputs of the same run still cluster.</summary>
internal sealed class InMemoryStoryIndex : IStoryIndex
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoryFingerprint> byArticle = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<StoryFingerprint>> FindByBandsAsync(IReadOnlyCollection<string> bandKeys, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var keys = bandKeys.ToHashSet(StringComparer.Ordinal);
        lock (gate)
        {
            IReadOnlyList<StoryFingerprint> found = byArticle.Values
                .Where(f => f.At >= since && f.BandKeys.Any(keys.Contains))
                .OrderByDescending(f => f.At)
                .Take(max)
                .ToList();
            return Task.FromResult(found);
        }
    }

    public Task AddAsync(StoryFingerprint fingerprint, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            byArticle[fingerprint.ArticleId] = fingerprint;
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, TimeSpan retention, int max, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var expired = byArticle.Values.Where(f => f.At < now - retention).OrderBy(f => f.At).Take(max).Select(f => f.ArticleId).ToList();
            expired.ForEach(id => byArticle.Remove(id));
            return Task.FromResult(expired.Count);
        }
    }
}
