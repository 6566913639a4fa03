using System.Diagnostics;
using System.Globalization;
using HqSam.Core.Contract;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Benchmarks;

/// <summary>
/// The decoder's optimisation level settled by measurement: launches alternate between
/// ORT_ENABLE_BASIC and ORT_ENABLE_ALL (a fresh process each, so neither inherits the other's warm
/// caches), and each launch times HqSam's decode (<see cref="OnnxSamModel.Decode"/>, the level set
/// through <see cref="SessionSettings.DecoderLevel"/>) and a raw ONNX Runtime session at the same
/// level (<see cref="RawSessionOptions"/>: HqSam's thread count), over the same prompts. Prints one
/// line per launch and the medians per level.
/// <code>dotnet run -c Release --project Benchmarks -- decoder-levels DIR [LAUNCHES]</code>
/// </summary>
internal static class DecoderLevels
{
    private const int Decodes = 30;

    public static void Run(string[] args)
    {
        string dir = args.Length > 0 ? args[0] : ReferencePairBenchmarks.PairDirectory();
        int launches = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
        var results = new Dictionary<string, List<(double HqSam, double Raw)>> { ["basic"] = [], ["all"] = [] };
        for (int i = 0; i < launches; i++)
        {
            foreach (string level in i % 2 == 0 ? new[] { "basic", "all" } : ["all", "basic"])
            {
                var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
                foreach (string a in Environment.GetCommandLineArgs()[..1].Where(a => a.EndsWith(".dll", StringComparison.Ordinal)))
                {
                    start.ArgumentList.Add(a);
                }

                start.ArgumentList.Add("decoder-level-child");
                start.ArgumentList.Add(dir);
                start.ArgumentList.Add(level);
                using var child = Process.Start(start)!;
                string line = child.StandardOutput.ReadToEnd().Trim();
                child.WaitForExit();
                Console.WriteLine($"launch {i + 1} {line}");
                string[] parts = line.Split(' ');
                results[level].Add((double.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[5], CultureInfo.InvariantCulture)));
            }
        }

        foreach ((string level, List<(double HqSam, double Raw)> list) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{level}: HqSam decode median of launches {Medians.Of(list.Select(r => r.HqSam), 1)} ms, raw {Medians.Of(list.Select(r => r.Raw), 1)} ms"));
        }
    }

    /// <summary>One launch: load, warm up, then the median of <see cref="Decodes"/> decodes each way.</summary>
    public static void Child(string[] args)
    {
        string dir = args[0];
        GraphOptimizationLevel level = args[1] == "all" ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_ENABLE_BASIC;
        using OnnxSamModel model = OnnxSamModel.Load(dir, new ModelLoadOptions { Settings = new SessionSettings { DecoderLevel = level } });
        var rng = new Random(5);
        var embedding = new ImageEmbedding();
        foreach (float[] plane in new[] { embedding.ImageEmbed, embedding.HighResFeats0, embedding.HighResFeats1 })
        {
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] = (float)((rng.NextDouble() * 2) - 1);
            }
        }

        var output = new LowResMasks();
        DecoderPrompt[] prompts = [.. Enumerable.Range(0, Decodes).Select(i => DecoderPrompt.From(
            new SegmentationPrompt([new PointPrompt(100 + (i * 23 % 800), 100 + (i * 41 % 800)), new PointPrompt(500, 500, false)]), 1024, 1024))];
        model.Decode(embedding, prompts[0], null, output); // the first run pays for shapes and allocations
        var hqsam = new List<double>();
        foreach (DecoderPrompt prompt in prompts)
        {
            long t = Stopwatch.GetTimestamp();
            model.Decode(embedding, prompt, null, output);
            hqsam.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        using var options = RawSessionOptions.Create(level);
        using var raw = new InferenceSession(Path.Combine(dir, "decoder.onnx"), options);
        using var run = new RunOptions();
        var noMask = new float[256 * 256];
        OrtValue[] Inputs(DecoderPrompt p) =>
        [
            OrtValue.CreateTensorValueFromMemory(embedding.ImageEmbed, [1, 256, 64, 64]),
            OrtValue.CreateTensorValueFromMemory(embedding.HighResFeats0, [1, 32, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(embedding.HighResFeats1, [1, 64, 128, 128]),
            OrtValue.CreateTensorValueFromMemory(p.Coords, [1, p.Count, 2]),
            OrtValue.CreateTensorValueFromMemory(p.Labels, [1, p.Count]),
            OrtValue.CreateTensorValueFromMemory(noMask, [1, 1, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(new float[] { 0 }, [1]),
        ];
        string[] inputNames = ["image_embed", "high_res_feats_0", "high_res_feats_1", "point_coords", "point_labels", "mask_input", "has_mask_input"];
        string[] outputNames = ["iou_predictions", "low_res_masks"];
        OrtValue[] outputs = [OrtValue.CreateTensorValueFromMemory(output.Iou, [.. HqSam.Core.Contract.SamContract.IouPredictionsSpec.Shape]), OrtValue.CreateTensorValueFromMemory(output.Logits, [.. HqSam.Core.Contract.SamContract.LowResMasksSpec.Shape])];
        var rawTimes = new List<double>();
        for (int i = -1; i < prompts.Length; i++)
        {
            OrtValue[] inputs = Inputs(prompts[Math.Max(0, i)]);
            long t = Stopwatch.GetTimestamp();
            raw.Run(run, inputNames, inputs, outputNames, outputs);
            if (i >= 0)
            {
                rawTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            foreach (OrtValue v in inputs)
            {
                v.Dispose();
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[1]} hqsam {Medians.Of(hqsam, 1)} ms raw {Medians.Of(rawTimes, 1)} ms"));
    }
}
