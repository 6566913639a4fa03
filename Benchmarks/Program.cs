using BenchmarkDotNet.Running;

// dotnet run -c Release --project Benchmarks -- --filter '*'
// dotnet run -c Release --project Benchmarks -- quality [MP...]   (the edge-quality table on real photographs)
if (args.Length > 0 && args[0] == "quality")
{
    HqSam.Benchmarks.QualityTable.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(HqSam.Benchmarks.PreprocessBenchmarks).Assembly).Run(args);
