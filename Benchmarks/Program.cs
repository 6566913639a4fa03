using BenchmarkDotNet.Running;

// dotnet run -c Release --project Benchmarks -- --filter '*'
// dotnet run -c Release --project Benchmarks -- quality [MP...]   (the edge-quality table on real photographs)
// dotnet run -c Release --project Benchmarks -- soft-edges tune|judge [EPSILON RADIUS-FACTOR]   (the soft-edge decision's table)
// dotnet run -c Release --project Benchmarks -- load-probe DIR [--raw] [--arena] [--no-arena] [--mallopt] [--optimized DIR] (time and memory per phase, one launch)
// dotnet run -c Release --project Benchmarks -- decoder-levels DIR [LAUNCHES] (BASIC against ALL, alternating launches)
// dotnet run -c Release --project Benchmarks -- click-probe DIR IMAGE|generated:MP X,Y [CACHE_DIR] (a click's time after the decode, by part)
// dotnet run -c Release --project Benchmarks -- concurrent-probe DIR [THREADS] (decodes while an encode runs)
// HQSAM_REFERENCE_PAIR=DIR dotnet run -c Release --project Benchmarks -- --filter '*ReferencePair*'
var modes = new Dictionary<string, Action<string[]>>
{
    ["load-probe"] = HqSam.Benchmarks.LoadProbe.Run,
    ["decoder-levels"] = HqSam.Benchmarks.DecoderLevels.Run,
    ["decoder-level-child"] = HqSam.Benchmarks.DecoderLevels.Child,
    ["click-probe"] = HqSam.Benchmarks.ClickProbe.Run,
    ["concurrent-probe"] = HqSam.Benchmarks.ConcurrentProbe.Run,
    ["quality"] = HqSam.Benchmarks.QualityTable.Run,
    ["soft-edges"] = HqSam.Benchmarks.SoftEdgeTable.Run,
    ["soft-edge-probe"] = HqSam.Benchmarks.SoftEdgeProbe.Run,
};
if (args.Length > 0 && modes.TryGetValue(args[0], out Action<string[]>? mode))
{
    mode(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(HqSam.Benchmarks.PreprocessBenchmarks).Assembly).Run(args);
