using BenchmarkDotNet.Running;
using BriWatch.Benchmarks.Crawler;

// BenchmarkDotNet suites: dotnet run -c Release --project tests/BriWatch.Benchmarks -- --filter '*'
// Crawler load harness:   dotnet run -c Release --project tests/BriWatch.Benchmarks -- crawler-load [--feeds 2000] [--minutes 3]
return args.FirstOrDefault() switch
{
    CrawlerLoadHarness.Command => await CrawlerLoadHarness.RunAsync(args[1..]),
    FeedFarm.Command => await FeedFarm.RunAsync(args[1..]),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CrawlerLoadHarness).Assembly).Run(args);
    return 0;
}
