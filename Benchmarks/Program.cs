using BenchmarkDotNet.Running;

// dotnet run -c Release --project Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(HqSam.Benchmarks.PreprocessBenchmarks).Assembly).Run(args);
