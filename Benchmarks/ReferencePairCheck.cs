using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Benchmarks;

/// <summary>
/// Whether the decoder's graph optimisation level changes its answer on the real graph, before any
/// speed is taken from a higher level: the same decodes at ORT_ENABLE_BASIC and ORT_ENABLE_ALL, their
/// low-res logits compared value by value, over clicks, boxes and point counts 1 to 8 (the point
/// dimension is the dynamic one whose shape inference higher levels have broken in other exports).
/// <code>dotnet run -c Release --project Benchmarks -- reference-check DIR</code>
/// </summary>
internal static class ReferencePairCheck
{
    public static void Run(string[] args)
    {
        string dir = args.Length > 0 ? args[0] : ReferencePairBenchmarks.PairDirectory();
        var rng = new Random(3);
        float[] Random(int n, float scale) => [.. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1) * scale)];

        // Features with the spread of real ones; the comparison is between two optimisations of one graph.
        float[] embed = Random(256 * 64 * 64, 1), f0 = Random(32 * 256 * 256, 1), f1 = Random(64 * 128 * 128, 1);
        using var basicOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
        using var allOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var basic = new InferenceSession(Path.Combine(dir, "decoder.onnx"), basicOptions);
        using var all = new InferenceSession(Path.Combine(dir, "decoder.onnx"), allOptions);

        double worst = 0, scale = 0;
        long flipped = 0, values = 0;
        for (int points = 1; points <= 8; points++)
        {
            for (int withMask = 0; withMask < 2; withMask++)
            {
                float[] coords = Random(points * 2, 512).Select(v => v + 512).ToArray();
                float[] labels = [.. Enumerable.Range(0, points).Select(i => points >= 2 && i < 2 && withMask == 0 ? 2f + i : i % 3 == 2 ? 0f : 1f)];
                float[] mask = withMask == 1 ? Random(256 * 256, 8) : new float[256 * 256];
                float[] a = Decode(basic, embed, f0, f1, coords, labels, mask, withMask);
                float[] b = Decode(all, embed, f0, f1, coords, labels, mask, withMask);
                for (int i = 0; i < a.Length; i++)
                {
                    worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
                    scale = Math.Max(scale, Math.Abs(a[i]));
                    flipped += (a[i] > 0) != (b[i] > 0) && Math.Abs(a[i]) > 1e-4 * scale ? 1 : 0;
                    values++;
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decoder ORT_ENABLE_ALL vs ORT_ENABLE_BASIC over 16 prompts (1-8 points, with and without mask input): max |logit diff| {worst:G3} of {scale:G3}, {flipped} of {values} mask values flipped"));

        foreach ((string name, InferenceSession session) in new[] { ("basic", basic), ("all", all) })
        {
            var times = new List<double>();
            float[] coords = [400, 300, 600, 500], labels = [1, 0];
            for (int i = 0; i < 25; i++)
            {
                long t = Stopwatch.GetTimestamp();
                Decode(session, embed, f0, f1, coords, labels, new float[256 * 256], 0);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decoder {name}: median {times[times.Count / 2]:0.0} ms over 25 (first {times.Max():0.0} ms)"));
        }
    }

    private static float[] Decode(InferenceSession session, float[] embed, float[] f0, float[] f1, float[] coords, float[] labels, float[] mask, int hasMask)
    {
        int n = labels.Length;
        using var runOptions = new RunOptions();
        OrtValue[] inputs =
        [
            OrtValue.CreateTensorValueFromMemory(embed, [1, 256, 64, 64]),
            OrtValue.CreateTensorValueFromMemory(f0, [1, 32, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(f1, [1, 64, 128, 128]),
            OrtValue.CreateTensorValueFromMemory(coords, [1, n, 2]),
            OrtValue.CreateTensorValueFromMemory(labels, [1, n]),
            OrtValue.CreateTensorValueFromMemory(mask, [1, 1, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(new float[] { hasMask }, [1]),
        ];
        var low = new float[4 * 256 * 256];
        OrtValue[] outputs = [OrtValue.CreateTensorValueFromMemory(new float[3], [1, 3]), OrtValue.CreateTensorValueFromMemory(low, [1, 4, 256, 256])];
        try
        {
            session.Run(runOptions, ReferencePairBenchmarks.DecoderInputNames, inputs, ReferencePairBenchmarks.FetchedDecoderOutputs, outputs);
            return low;
        }
        finally
        {
            foreach (OrtValue v in inputs.Concat(outputs))
            {
                v.Dispose();
            }
        }
    }
}
