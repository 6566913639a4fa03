using System.Diagnostics;
using System.Globalization;
using HqSam.Core.Caching;
using HqSam.Interop.Onnx;

namespace HqSam.Benchmarks;

/// <summary>
/// Where a model's time and memory go, phase by phase, in a fresh process: the load, the first
/// encode, a second encode; after each, the elapsed time, the resident memory and the peak so far
/// (Linux's <c>/proc/self/status</c>). One launch per line of figures, so that a later launch can be
/// compared with a first one (a saved optimised graph, a warm page cache).
/// <code>dotnet run -c Release --project Benchmarks -- load-probe DIR [--no-arena] [--optimized DIR]</code>
/// </summary>
internal static class LoadProbe
{
    public static void Run(string[] args)
    {
        string dir = args.Length > 0 ? args[0] : ReferencePairBenchmarks.PairDirectory();
        var settings = SessionSettings.Default;
        for (int i = 1; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--no-arena" => settings with { EncoderArena = false },
                "--optimized" => settings with { OptimizedModelDirectory = args[++i] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        long t = Stopwatch.GetTimestamp();
        using OnnxSamModel model = OnnxSamModel.Load(dir, new ModelLoadOptions { Settings = settings });
        Report("load", t);
        Console.WriteLine($"  encoder: {model.Plan.Encoder.Reason}");

        float[] image = new float[3 * 1024 * 1024];
        var embedding = new ImageEmbedding();
        for (int pass = 1; pass <= 2; pass++)
        {
            t = Stopwatch.GetTimestamp();
            model.Encode(image, embedding);
            Report($"encode {pass}", t);
        }
    }

    private static void Report(string phase, long start)
    {
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase,-10} {ms,9:0.0} ms   resident {Status("VmRSS:"),6} MB   peak {Status("VmHWM:"),6} MB"));
    }

    private static long Status(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return -1;
    }
}
