using BenchmarkDotNet.Running;
using BriWatch.Benchmarks.Api;
using BriWatch.Benchmarks.Crawler;
using BriWatch.Benchmarks.Storage;

// BenchmarkDotNet suites: dotnet run -c Release --project tests/BriWatch.Benchmarks -- --filter '*'
// Crawler load harness:   dotnet run -c Release --project tests/BriWatch.Benchmarks -- crawler-load [--feeds 2000] [--minutes 3]
// Preview load harness:   dotnet run -c Release --project tests/BriWatch.Benchmarks -- preview-load [--articles 100000] [--runs 5] [--db path]
// Retention soak:         dotnet run -c Release --project tests/BriWatch.Benchmarks -- retention-soak [--per-minute 60] [--window-minutes 60] [--hours 6] [--purge-every-minutes 5]
return args.FirstOrDefault() switch
{
    CrawlerLoadHarness.Command => await CrawlerLoadHarness.RunAsync(args[1..]),
    FeedFarm.Command => await FeedFarm.RunAsync(args[1..]),
    PreviewLoadHarness.Command => await PreviewLoadHarness.RunAsync(args[1..]),
    RetentionSoakHarness.Command => await RetentionSoakHarness.RunAsync(args[1..]),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CrawlerLoadHarness).Assembly).Run(args);
    return 0;
}
