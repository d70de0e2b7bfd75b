using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BriWatch.Matching;
using BriWatch.Matching.Indexing;

namespace BriWatch.Benchmarks.Matching;

/// <summary>
/// Matches one classified article against 100,000 subscriptions through the inverted index, including filters
/// and query evaluation. Each iteration is one invocation on a different article, so the P99 column is the
/// 99th percentile of single-article latencies.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class SubscriptionMatchingBenchmark
{
    private MatchDocument[] articles = [];
    private SubscriptionIndex index = SubscriptionIndex.Empty;
    private int next;

    [Params(100_000)]
    public int Subscriptions { get; set; }

    /// <summary>Typical articles carry 1-3 topics and countries; broad ones 4 of each (more postings to visit).</summary>
    [Params("typical", "broad")]
    public string Articles { get; set; } = "typical";

    /// <summary>
    /// <c>templated</c>: subscribers reuse query shapes, so many share a text (shared texts are evaluated once per article).
    /// <c>distinct</c>: every query text is unique (each gets <c>AND NOT</c> a term of its own), the worst case.
    /// </summary>
    [Params("templated", "distinct")]
    public string Queries { get; set; } = "templated";

    [GlobalSetup]
    public void Setup()
    {
        var corpus = SubscriptionCorpus.Subscriptions(Subscriptions, seed: 7);
        if (Queries == "distinct")
        {
            corpus = [.. corpus.Select(s => s.Query is null ? s : s with { Query = $"({s.Query}) AND NOT zz{s.Id.Replace("-", "", StringComparison.Ordinal)}" })];
        }

        index = SubscriptionIndexBuilder.Build(
            corpus,
            (s, e) => throw new InvalidOperationException($"Corpus query '{s.Query}' does not parse: {e.Message}"));
        var random = new Random(11);
        articles = [.. Enumerable.Range(0, 4096).Select(_ => Articles == "broad"
            ? new MatchDocument(SubscriptionCorpus.Article(random, 4, 4))
            : new MatchDocument(SubscriptionCorpus.Article(random, random.Next(1, 4), random.Next(1, 4))))];
    }

    [Benchmark]
    public int MatchOneArticle() => index.Match(articles[next++ & (articles.Length - 1)]).Count;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // No forced GC between iterations: with one article per iteration it would dominate the run time.
            // Tiered compilation off: with one call per iteration the matching code otherwise stayed at tier 0 for the
            // whole run (the tier-up delay kept being extended between iterations), whereas a service matching
            // articles all day runs optimized code after its first seconds.
            AddJob(Job.Default
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(100).WithIterationCount(2000).WithGcForce(false)
                .WithEnvironmentVariable("DOTNET_TieredCompilation", "0")
                .WithId("per-article"));
            AddColumn(new PercentileColumn(99));
        }
    }
}
