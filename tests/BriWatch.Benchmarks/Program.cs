using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/BriWatch.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
