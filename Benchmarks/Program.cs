using BenchmarkDotNet.Running;

// dotnet run -c Release --project Benchmarks -- --filter '*'
// dotnet run -c Release --project Benchmarks -- quality [MP...]   (the edge-quality table on real photographs)
// dotnet run -c Release --project Benchmarks -- load-probe DIR [--no-arena] [--optimized DIR] (time and memory per phase, one launch)
// dotnet run -c Release --project Benchmarks -- decoder-levels DIR [LAUNCHES] (BASIC against ALL, alternating launches)
// dotnet run -c Release --project Benchmarks -- click-probe DIR IMAGE X,Y [CACHE_DIR] (a click's time after the decode, by part)
// HQSAM_REFERENCE_PAIR=DIR dotnet run -c Release --project Benchmarks -- --filter '*ReferencePair*'
if (args.Length > 0 && args[0] == "load-probe")
{
    HqSam.Benchmarks.LoadProbe.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "decoder-levels")
{
    HqSam.Benchmarks.DecoderLevels.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "decoder-level-child")
{
    HqSam.Benchmarks.DecoderLevels.Child(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "click-probe")
{
    HqSam.Benchmarks.ClickProbe.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "quality")
{
    HqSam.Benchmarks.QualityTable.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(HqSam.Benchmarks.PreprocessBenchmarks).Assembly).Run(args);
