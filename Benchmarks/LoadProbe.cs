using System.Diagnostics;
using System.Globalization;
using HqSam.Core.Contract;
using HqSam.Interop.Onnx;

namespace HqSam.Benchmarks;

/// <summary>
/// Where a model's time and memory go, phase by phase, in a fresh process: the load, the first
/// encode, a second encode; after each, the elapsed time, the resident memory and the peak so far
/// (Linux's <c>/proc/self/status</c>). One launch per line of figures, so that a later launch can be
/// compared with a first one (a saved optimised graph, a warm page cache).
/// <code>dotnet run -c Release --project Benchmarks -- load-probe DIR [--raw] [--arena] [--no-arena] [--mallopt] [--optimized DIR]</code>
/// </summary>
internal static class LoadProbe
{
    public static void Run(string[] args)
    {
        string dir = args.Length > 0 ? args[0] : ReferencePairBenchmarks.PairDirectory();
        var settings = SessionSettings.Default;
        if (args.Contains("--raw"))
        {
            RunRaw(dir);
            return;
        }

        for (int i = 1; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--no-arena" => settings with { EncoderArena = false },
                "--arena" => settings with { EncoderArena = true },
                "--mallopt" => ReturnLargeBlocks(settings),
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

    /// <summary>
    /// ONNX Runtime's defaults and nothing of HqSam's but the thread count (<see cref="RawSessionOptions"/>),
    /// for comparison: the encoder alone, its tensors bound once.
    /// </summary>
    private static void RunRaw(string dir)
    {
        long t = Stopwatch.GetTimestamp();
        using var options = RawSessionOptions.Create();
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Path.Combine(dir, "encoder.onnx"), options);
        Report("load", t);
        Console.WriteLine($"  threads: {RawSessionOptions.Threads} (0: ONNX Runtime's own count)");
        var embedding = new ImageEmbedding();
        using var image = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(new float[3 * 1024 * 1024], [1, 3, 1024, 1024]);
        using var f0 = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(embedding.HighResFeats0, [1, 32, 256, 256]);
        using var f1 = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(embedding.HighResFeats1, [1, 64, 128, 128]);
        using var embed = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(embedding.ImageEmbed, [1, 256, 64, 64]);
        using var run = new Microsoft.ML.OnnxRuntime.RunOptions();
        for (int pass = 1; pass <= 2; pass++)
        {
            t = Stopwatch.GetTimestamp();
            session.Run(run, ["image"], [image], ["high_res_feats_0", "high_res_feats_1", "image_embed"], [f0, f1, embed]);
            Report($"encode {pass}", t);
        }
    }

    /// <summary>As <c>hqsam segment</c> does on Linux (Cli's ProcessMemory): freed large blocks go back to the system.</summary>
    private static SessionSettings ReturnLargeBlocks(SessionSettings settings)
    {
        _ = MallOpt(-3, 128 * 1024);
        return settings;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

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
